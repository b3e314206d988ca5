namespace LiteLlm.Sandbox.Http;

/// <summary>
/// A syntax check that fails where and how CPython's <c>json.loads</c> fails, so FastAPI's
/// <c>json_invalid</c> 422 carries the same <c>loc</c> position and <c>ctx.error</c> text
/// (capture <c>nodb-malformed_json_new.json</c>). Messages follow Python 3.13 (the LiteLLM image's
/// interpreter), which reports trailing commas as "Illegal trailing comma before end of …".
/// </summary>
internal static class PyJson
{
    public readonly record struct SyntaxError(string Message, int Position);

    public static SyntaxError? Check(string text)
    {
        var scanner = new Scanner(text);
        try
        {
            var idx = scanner.SkipWs(0);
            var end = scanner.Value(idx);
            end = scanner.SkipWs(end);
            if (end != text.Length)
            {
                return new SyntaxError("Extra data", end);
            }

            return null;
        }
        catch (JsonFail fail)
        {
            return new SyntaxError(fail.Reason, fail.Position);
        }
    }

    private sealed class JsonFail(string reason, int position) : Exception(reason)
    {
        public string Reason { get; } = reason;

        public int Position { get; } = position;
    }

    private sealed class Scanner(string s)
    {
        private int _depth;

        public int SkipWs(int i)
        {
            while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r')
            {
                i++;
            }

            return i;
        }

        private char At(int i) => i < s.Length ? s[i] : '\0';

        private bool Literal(int i, string word) => string.CompareOrdinal(s, i, word, 0, word.Length) == 0;

        /// <summary>Scans one value at <paramref name="i"/>; returns the index after it.</summary>
        public int Value(int i)
        {
            if (i >= s.Length)
            {
                throw new JsonFail("Expecting value", i);
            }

            switch (s[i])
            {
                case '"':
                    return String(i + 1);
                case '{':
                    return Nested(() => Object(i + 1));
                case '[':
                    return Nested(() => Array(i + 1));
                case 'n' when Literal(i, "null"):
                    return i + 4;
                case 't' when Literal(i, "true"):
                    return i + 4;
                case 'f' when Literal(i, "false"):
                    return i + 5;
                case 'N' when Literal(i, "NaN"):
                    return i + 3;
                case 'I' when Literal(i, "Infinity"):
                    return i + 8;
                case '-' when Literal(i, "-Infinity"):
                    return i + 9;
                default:
                    var end = Number(i);
                    return end > i ? end : throw new JsonFail("Expecting value", i);
            }
        }

        private int Nested(Func<int> scan)
        {
            if (++_depth > 900)
            {
                throw new JsonFail("Expecting value", 0);
            }

            var end = scan();
            _depth--;
            return end;
        }

        /// <summary>Python's NUMBER_RE: <c>(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?</c>; returns <paramref name="i"/> when no match.</summary>
        private int Number(int i)
        {
            var j = i;
            if (At(j) == '-')
            {
                j++;
            }

            if (At(j) == '0')
            {
                j++;
            }
            else if (At(j) is >= '1' and <= '9')
            {
                while (char.IsAsciiDigit(At(j)))
                {
                    j++;
                }
            }
            else
            {
                return i;
            }

            if (At(j) == '.' && char.IsAsciiDigit(At(j + 1)))
            {
                j += 2;
                while (char.IsAsciiDigit(At(j)))
                {
                    j++;
                }
            }

            if (At(j) is 'e' or 'E')
            {
                var k = j + 1;
                if (At(k) is '+' or '-')
                {
                    k++;
                }

                if (char.IsAsciiDigit(At(k)))
                {
                    while (char.IsAsciiDigit(At(k)))
                    {
                        k++;
                    }

                    j = k;
                }
            }

            return j;
        }

        /// <summary><paramref name="i"/> is just after the opening quote.</summary>
        private int String(int i)
        {
            var begin = i - 1;
            while (true)
            {
                if (i >= s.Length)
                {
                    throw new JsonFail("Unterminated string starting at", begin);
                }

                var c = s[i];
                if (c == '"')
                {
                    return i + 1;
                }

                if (c < 0x20)
                {
                    throw new JsonFail("Invalid control character at", i);
                }

                if (c == '\\')
                {
                    if (i + 1 >= s.Length)
                    {
                        throw new JsonFail("Unterminated string starting at", begin);
                    }

                    var esc = s[i + 1];
                    if (esc == 'u')
                    {
                        for (var h = 2; h < 6; h++)
                        {
                            if (!char.IsAsciiHexDigit(At(i + h)))
                            {
                                throw new JsonFail("Invalid \\uXXXX escape", i + 1);
                            }
                        }

                        i += 6;
                        continue;
                    }

                    if (esc is not ('"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't'))
                    {
                        throw new JsonFail("Invalid \\escape", i);
                    }

                    i += 2;
                    continue;
                }

                i++;
            }
        }

        /// <summary><paramref name="i"/> is just after <c>{</c>.</summary>
        private int Object(int i)
        {
            i = SkipWs(i);
            if (At(i) == '}')
            {
                return i + 1;
            }

            while (true)
            {
                if (At(i) != '"' || i >= s.Length)
                {
                    throw new JsonFail("Expecting property name enclosed in double quotes", i);
                }

                i = String(i + 1);
                i = SkipWs(i);
                if (At(i) != ':' || i >= s.Length)
                {
                    throw new JsonFail("Expecting ':' delimiter", i);
                }

                i = SkipWs(i + 1);
                i = Value(i);
                i = SkipWs(i);
                if (i < s.Length && s[i] == '}')
                {
                    return i + 1;
                }

                if (i >= s.Length || s[i] != ',')
                {
                    throw new JsonFail("Expecting ',' delimiter", i);
                }

                var comma = i;
                i = SkipWs(i + 1);
                if (At(i) == '}' && i < s.Length)
                {
                    throw new JsonFail("Illegal trailing comma before end of object", comma);
                }
            }
        }

        /// <summary><paramref name="i"/> is just after <c>[</c>.</summary>
        private int Array(int i)
        {
            i = SkipWs(i);
            if (At(i) == ']' && i < s.Length)
            {
                return i + 1;
            }

            while (true)
            {
                i = Value(i);
                i = SkipWs(i);
                if (i < s.Length && s[i] == ']')
                {
                    return i + 1;
                }

                if (i >= s.Length || s[i] != ',')
                {
                    throw new JsonFail("Expecting ',' delimiter", i);
                }

                var comma = i;
                i = SkipWs(i + 1);
                if (At(i) == ']' && i < s.Length)
                {
                    throw new JsonFail("Illegal trailing comma before end of array", comma);
                }
            }
        }
    }
}
