using System.Text;
using Faas.Idempotency;

namespace Faas.Sdk.Tests.Idempotency;

public sealed class EventKeyPathTests
{
    private const string Event = """
        {"orderId":42,"customer":{"name":"Ada","tags":["a","b"]},"headers":{"idempotency-key":"k-1"},
         "body":"{\"orderId\":\"o-7\",\"lines\":[1,2]}","Records":[{"messageId":"m-1"},{"messageId":"m-2"}],
         "empty":"","nothing":null,"nested":{"b":1,"a":{"d":2,"c":3}}}
        """;

    [Theory]
    [InlineData("orderId", "42")]
    [InlineData("customer.name", "\"Ada\"")]
    [InlineData("customer.tags[1]", "\"b\"")]
    [InlineData("customer.tags[-1]", "\"b\"")]
    [InlineData("headers.\"idempotency-key\"", "\"k-1\"")]
    [InlineData("powertools_json(body).orderId", "\"o-7\"")]
    [InlineData("powertools_json(body).lines", "[1,2]")]
    [InlineData("Records[0].messageId", "\"m-1\"")]
    [InlineData("[orderId, customer.name]", "[42,\"Ada\"]")]
    [InlineData("[orderId, missing]", "[42,null]")]
    [InlineData("nested", "{\"a\":{\"c\":3,\"d\":2},\"b\":1}")]
    public void Select_Expression_GivesCanonicalJson(string expression, string expected)
    {
        var path = EventKeyPath.Parse(expression);

        var selected = path.Select(Encoding.UTF8.GetBytes(Event));

        Assert.Equal(expected, selected is null ? null : Encoding.UTF8.GetString(selected));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("nothing")]
    [InlineData("empty")]
    [InlineData("customer.name.first")]
    [InlineData("customer.tags[5]")]
    [InlineData("powertools_json(customer).name")]
    [InlineData("[missing, nothing]")]
    public void Select_NothingUsable_IsAMissingKey(string expression)
    {
        var path = EventKeyPath.Parse(expression);

        Assert.Null(path.Select(Encoding.UTF8.GetBytes(Event)));
    }

    [Fact]
    public void Select_SameEventWithMembersReordered_GivesTheSameKey()
    {
        var whole = EventKeyPath.Parse("@");

        var first = whole.Select("""{"a":1,"b":{"x":true,"y":[1,2]}}"""u8.ToArray());
        var second = whole.Select("""{ "b": {"y":[1,2], "x":true}, "a": 1 }"""u8.ToArray());

        Assert.Equal(first, second);
    }

    [Fact]
    public void Select_NotJson_IsAMissingKey()
    {
        Assert.Null(EventKeyPath.Parse("a").Select("not json"u8.ToArray()));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("order..id", "expected a name at position 7")]
    [InlineData("order.", "expected a name")]
    [InlineData("items[x]", "expected an array index")]
    [InlineData("items[1", "expected ']'")]
    [InlineData("powertools_json(body", "expected ')'")]
    [InlineData("[a, b", "expected ']'")]
    [InlineData("a b", "unexpected text")]
    [InlineData("\"unterminated", "unterminated quoted name")]
    [InlineData("1abc", "expected a name")]
    public void TryParse_Malformed_SaysWhatAndWhere(string expression, string problem)
    {
        var parsed = EventKeyPath.TryParse(expression, out var path, out var error);

        Assert.False(parsed);
        Assert.Null(path);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }
}
