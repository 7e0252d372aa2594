using System.Buffers;
using System.Globalization;
using System.Text;

namespace ZeroTrust.Policy.Monitoring.FilterPatterns;

/// <summary>
/// A parsed CloudWatch Logs filter pattern: the expression tree of a JSON pattern, or why there is none (malformed,
/// naming the column; or a term / space-delimited pattern, which is not about JSON fields).
/// Grammar (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html, "Using filter
/// patterns to match terms in JSON log events"): <c>{ expr }</c>; <c>&amp;&amp;</c> binds tighter than <c>||</c>;
/// parentheses group; a test is <c>SELECTOR (=|!=) value</c> (quoted or bare, <c>*</c> a wildcard, <c>%regex%</c>),
/// <c>SELECTOR (&lt;|&lt;=|&gt;|&gt;=|=|!=) NUMBER</c>, <c>IS NULL</c>, <c>NOT EXISTS</c>, <c>IS TRUE</c>, <c>IS FALSE</c>.
/// </summary>
internal sealed class FilterPattern
{
    private FilterPattern(FilterExpression? expression, string? error, bool isJson)
    {
        Expression = expression;
        Error = error;
        IsJson = isJson;
    }

    /// <summary>The tree; null when the pattern is malformed or not a JSON pattern.</summary>
    public FilterExpression? Expression { get; }

    /// <summary>Why the pattern is malformed ("column 12: …"), or null.</summary>
    public string? Error { get; }

    /// <summary>False for a term or space-delimited pattern (<c>ERROR</c>, <c>[ip, user, …]</c>).</summary>
    public bool IsJson { get; }

    /// <summary>Parses a pattern; never throws on bad input.</summary>
    public static FilterPattern Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0) return new(MatchAll.Instance, null, true);
        if (trimmed[0] != '{') return new(null, null, false);
        var parser = new Parser(text);
        try
        {
            return new(parser.Pattern(), null, true);
        }
        catch (FormatException e)
        {
            return new(null, e.Message, true);
        }
    }

    private sealed class Parser(string text)
    {
        // "Supported regular expressions (regex) syntax" (FilterAndPatternSyntax.html): letters, digits, the symbols
        // :_#=@/;,- and the operators ^$?[]{}|\*+. only (no parentheses, no multi-byte characters); at most 2 per
        // JSON pattern. CloudWatch Logs refuses the filter otherwise, so it would watch nothing.
        private const string RegexSymbols = ":_#=@/;,-^$?[]{}|\\*+.";
        private static readonly SearchValues<char> RegexCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + RegexSymbols);
        private const int MaxRegexes = 2;

        private int _at;
        private int _regexes;

        // Accept and Expect skip white space before a token, so no caller skips it first.
        public FilterExpression Pattern()
        {
            Expect("{");
            var expression = Or();
            Expect("}");
            SkipSpace();
            if (_at < text.Length) throw Fail("unexpected text after the closing '}'");
            return expression;
        }

        private FilterExpression Or()
        {
            var terms = new List<FilterExpression> { And() };
            while (Accept("||")) terms.Add(And());
            return terms.Count == 1 ? terms[0] : new AnyOf(terms);
        }

        private FilterExpression And()
        {
            var terms = new List<FilterExpression> { Primary() };
            while (Accept("&&")) terms.Add(Primary());
            return terms.Count == 1 ? terms[0] : new AllOf(terms);
        }

        private FilterExpression Primary()
        {
            if (Accept("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }
            if (!Peek("$")) throw Fail("expected a selector ($.field) or '('");
            return Test(Selector());
        }

        private Selector Selector()
        {
            _at++; // '$'
            var path = new List<object>();
            while (_at < text.Length)
            {
                if (text[_at] == '.' && _at + 1 < text.Length && text[_at + 1] == '[') _at++;
                if (text[_at] == '.')
                {
                    _at++;
                    var start = _at;
                    while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '-' or '@' or ':')) _at++;
                    if (_at == start) throw Fail("expected a field name after '.'");
                    path.Add(text[start.._at]);
                }
                else if (text[_at] == '[')
                {
                    _at++;
                    if (_at < text.Length && text[_at] is '\'' or '"')
                    {
                        var quote = text[_at++];
                        var end = text.IndexOf(quote, _at);
                        if (end < 0) throw Fail("unterminated quoted field name");
                        path.Add(text[_at..end]);
                        _at = end + 1;
                    }
                    else
                    {
                        var start = _at;
                        while (_at < text.Length && char.IsAsciiDigit(text[_at])) _at++;
                        if (_at == start) throw Fail("expected an array index or a quoted field name after '['");
                        path.Add(int.Parse(text.AsSpan(start, _at - start), CultureInfo.InvariantCulture));
                    }
                    if (_at >= text.Length || text[_at] != ']') throw Fail("expected ']'");
                    _at++;
                }
                else break;
            }
            if (path.Count == 0) throw Fail("expected a field after '$'");
            return new Selector(path);
        }

        private FilterTest Test(Selector selector)
        {
            if (AcceptWord("IS"))
            {
                if (AcceptWord("NULL")) return new(selector, TestKind.IsNull);
                if (AcceptWord("TRUE")) return new(selector, TestKind.IsTrue);
                if (AcceptWord("FALSE")) return new(selector, TestKind.IsFalse);
                throw Fail("expected NULL, TRUE or FALSE after IS");
            }
            if (AcceptWord("NOT"))
            {
                if (AcceptWord("EXISTS")) return new(selector, TestKind.NotExists);
                throw Fail("expected EXISTS after NOT");
            }
            foreach (var op in (string[])["!=", "<=", ">=", "=", "<", ">"])
            {
                if (!Accept(op)) continue;
                SkipSpace();
                var numericOnly = op is "<" or "<=" or ">" or ">=";
                if (_at < text.Length && text[_at] == '%' && !numericOnly)
                {
                    var end = text.IndexOf('%', _at + 1);
                    if (end < 0) throw Fail("unterminated %regex%");
                    if (++_regexes > MaxRegexes) throw Fail($"CloudWatch Logs allows at most {MaxRegexes} regexes in a JSON pattern");
                    var regex = text[(_at + 1)..end];
                    if (regex.AsSpan().IndexOfAnyExcept(RegexCharacters) is var bad and >= 0)
                    {
                        _at += 1 + bad;
                        throw Fail($"CloudWatch Logs rejects '{regex[bad]}' in a %regex% (no parentheses, spaces or other symbols than {RegexSymbols})");
                    }
                    _at = end + 1;
                    return new(selector, op == "=" ? TestKind.Regex : TestKind.NotRegex, regex);
                }
                if (_at < text.Length && text[_at] == '"' && !numericOnly)
                    return new(selector, op == "=" ? TestKind.Equals : TestKind.NotEquals, Quoted());
                var start = _at;
                var bare = Bare();
                if (bare[0] is (>= '0' and <= '9') or '-' or '+' or '.' && double.TryParse(bare, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    return new(selector, TestKind.Number, Operator: op, Number: number);
                if (numericOnly)
                {
                    _at = start;
                    throw Fail($"expected a number after '{op}'");
                }
                return new(selector, op == "=" ? TestKind.Equals : TestKind.NotEquals, bare);
            }
            throw Fail($"expected =, !=, <, <=, >, >=, IS or NOT EXISTS after {selector}");
        }

        private string Quoted()
        {
            _at++;
            var value = new StringBuilder();
            while (_at < text.Length && text[_at] != '"')
            {
                if (text[_at] == '\\' && _at + 1 < text.Length) _at++;
                value.Append(text[_at++]);
            }
            if (_at >= text.Length) throw Fail("unterminated quoted value");
            _at++;
            return value.ToString();
        }

        // A bare value runs to white space, a closing bracket or a logical operator.
        private string Bare()
        {
            var start = _at;
            while (_at < text.Length && !char.IsWhiteSpace(text[_at]) && text[_at] is not (')' or '}')
                   && !Peek("&&") && !Peek("||")) _at++;
            if (_at == start) throw Fail("expected a value");
            return text[start.._at];
        }

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }

        private bool Peek(string token) => string.CompareOrdinal(text, _at, token, 0, token.Length) == 0;

        private bool Accept(string token)
        {
            SkipSpace();
            if (!Peek(token)) return false;
            _at += token.Length;
            return true;
        }

        private bool AcceptWord(string word)
        {
            SkipSpace();
            // Compare reads at most the rest of the text, so a word running past the end compares unequal.
            if (string.Compare(text, _at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
            if (_at + word.Length < text.Length && char.IsLetterOrDigit(text[_at + word.Length])) return false;
            _at += word.Length;
            return true;
        }

        private void Expect(string token)
        {
            if (!Accept(token)) throw Fail(_at >= text.Length ? $"the pattern ends where '{token}' is expected" : $"expected '{token}'");
        }

        private FormatException Fail(string message) => new($"column {_at + 1}: {message}");
    }
}
