namespace Faas.Gateway.Invoke;

/// <summary>
/// A worker agent hosted in the gateway's own process (the single-node composition of <c>faas up</c>). Invocations for
/// environments at <see cref="InvokeBaseUri"/> are handed to <see cref="Handler"/> instead of crossing a loopback socket;
/// every other worker is reached over HTTP as usual.
/// </summary>
/// <param name="InvokeBaseUri">The base address of the worker's invoke listener, as its environments' invoke URLs carry it.</param>
/// <param name="Handler">Answers the worker's invoke endpoint in process; owned by the worker.</param>
public sealed record ColocatedWorker(Uri InvokeBaseUri, HttpMessageHandler Handler);
