namespace Faas.Cli.Tests.Common;

/// <summary>
/// A custom-runtime function folder (a <c>bootstrap</c> shell script talking to the Runtime API with curl), deployed
/// as it is, with no build: answers <c>{"echo":&lt;event&gt;,"greeting":"$GREETING"}</c>, or fails with error type
/// <c>Boom</c> when the event contains <c>boom</c>.
/// </summary>
internal static class ShellFunction
{
    private const string Bootstrap = """
        #!/bin/sh
        set -eu
        API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
        while true
        do
          HEADERS="$(mktemp)"
          EVENT=$(curl -sS -LD "$HEADERS" "$API/next")
          ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
          rm -f "$HEADERS"
          echo "shell function got $EVENT"
          case "$EVENT" in
            *boom*) curl -sS "$API/$ID/error" -H "Lambda-Runtime-Function-Error-Type: Boom" -d '{"errorType":"Boom","errorMessage":"it went boom"}' > /dev/null ;;
            *) curl -sS "$API/$ID/response" -d "{\"echo\":$EVENT,\"greeting\":\"${GREETING:-hi}\"}" > /dev/null ;;
          esac
        done

        """;

    /// <summary>A new folder holding the bootstrap (deliberately without the exec bit: packing must add it).</summary>
    public static string Create()
    {
        var folder = TestPaths.NewTempFolder("faas-cli-shell");
        File.WriteAllText(Path.Combine(folder, "bootstrap"), Bootstrap.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(Path.Combine(folder, "bootstrap"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return folder;
    }
}
