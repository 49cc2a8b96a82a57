var builder = WebApplication.CreateSlimBuilder(args);
builder.AddFaasWorker();
var app = builder.Build();
app.MapFaasWorker();
await app.RunAsync();
