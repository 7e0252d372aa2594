using System.Text;
using ZeroTrust.Policy.Loading;

namespace ZeroTrust.Policy.Tests.Loading;

/// <summary>
/// Bytes as shells write them: UTF-8 with or without a byte-order mark, UTF-16 and UTF-32 with one (Windows
/// PowerShell 5.1's <c>&gt;</c> writes UTF-16 LE), and UTF-16 without one, which is refused with a hint.
/// </summary>
public class FileEncodingTests
{
    private const string Json = """{"resources": [{"urn": "urn:pulumi:dev::p::aws:ec2/vpc:Vpc::main"}]}""";

    [Theory]
    [InlineData("utf-16BE")]
    [InlineData("utf-16")]
    [InlineData("utf-32BE")]
    [InlineData("utf-32")]
    public void Unicode_with_a_byte_order_mark_is_read(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Json)).ToArray();

        using var document = JsonFile.ParseBytes(bytes, "x.json");

        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    [Fact]
    public void Invalid_utf16_after_its_byte_order_mark_names_the_byte()
    {
        // "{" then a lone high surrogate (U+D800): the decoder fails at the "}" (byte 6) that should have been its low half.
        byte[] bytes = [0xFF, 0xFE, 0x7B, 0x00, 0x00, 0xD8, 0x7D, 0x00];

        var error = Assert.Throws<PolicyInputException>(() => JsonFile.ParseBytes(bytes, "x.json"));

        Assert.Equal("x.json: the file starts with a utf-16 byte-order mark but is not valid utf-16 at byte 6 — save it as UTF-8", error.Message);
    }

    [Fact]
    public void Two_bytes_of_utf16_without_a_mark_are_refused_with_a_hint()
    {
        var error = Assert.Throws<PolicyInputException>(() => JsonFile.ParseBytes([0x35, 0x00], "x.json"));

        Assert.StartsWith("x.json: the file looks like UTF-16 without a byte-order mark", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_alone_is_empty_input()
    {
        var error = Assert.Throws<PolicyInputException>(() => JsonFile.ParseBytes([0xEF, 0xBB, 0xBF], "x.json"));

        Assert.StartsWith("x.json: empty input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_are_programming_errors_not_input_errors()
    {
        Assert.Throws<ArgumentNullException>(() => JsonFile.ParseBytes(null!, "x.json"));
        Assert.Throws<ArgumentNullException>(() => JsonFile.Parse(null!));
    }

    [Fact]
    public void A_file_exactly_at_the_size_limit_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"zt-limit-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Json);
        try
        {
            var size = new FileInfo(path).Length;

            Assert.Single(StackLoader.Load(path, maxBytes: size).Resources);
            Assert.Throws<PolicyInputException>(() => StackLoader.Load(path, maxBytes: size - 1));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
