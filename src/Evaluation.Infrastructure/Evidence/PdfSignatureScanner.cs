namespace Evaluation.Infrastructure.Evidence;

/// <summary>
/// The two byte ranges a PDF signature covers (<c>/ByteRange [Start1 Length1 Start2 Length2]</c>). The gap between
/// them is the signature dictionary's <c>/Contents &lt;hex&gt;</c> string, which holds the CMS SignedData.
/// </summary>
public sealed record PdfByteRange(long Start1, long Length1, long Start2, long Length2)
{
    /// <summary>Offset of the gap (the <c>&lt;</c> of the Contents hex string).</summary>
    public long GapOffset => Start1 + Length1;

    /// <summary>Length of the gap, delimiters included.</summary>
    public long GapLength => Start2 - GapOffset;

    /// <summary>First offset after the second range.</summary>
    public long End => Start2 + Length2;

    /// <summary>Number of bytes the signature covers.</summary>
    public long SignedLength => Length1 + Length2;
}

/// <summary>
/// Finds every <c>/ByteRange [a b c d]</c> array in PDF bytes fed chunk by chunk, as an upload streams past. It keeps
/// only a small parse state between chunks (never the file), so a token split across chunks is still found.
/// </summary>
/// <remarks>
/// Signature dictionaries cannot live in compressed object streams (their byte offsets must be real file offsets),
/// so a plain byte scan finds them all. The same range written twice (a later revision re-saving the dictionary)
/// is recorded once.
/// </remarks>
public sealed class PdfSignatureScanner
{
    /// <summary>Most signatures recorded; more than this is not a real evidence file and would only cost memory.</summary>
    public const int MaxSignatures = 32;

    /// <summary>How far into the file the <c>%PDF-</c> header may start (readers tolerate leading junk up to 1024 bytes).</summary>
    public const int HeaderWindow = 1024;

    // 15 digits is about 10^15 bytes: far beyond any accepted file, and no long overflow while accumulating.
    private const int MaxDigits = 15;

    private static ReadOnlySpan<byte> Keyword => "/ByteRange"u8;

    private readonly List<PdfByteRange> _ranges = [];
    private readonly long[] _numbers = new long[4];

    private State _state = State.Idle;
    private int _keywordMatched;
    private int _numberCount;
    private int _digitCount;

    private enum State
    {
        Idle,
        Keyword,
        AfterKeyword,
        BeforeArray,
        BetweenNumbers,
        InNumber,
    }

    /// <summary>Total bytes fed so far.</summary>
    public long Length { get; private set; }

    /// <summary>The ranges found so far, in file order, at most <see cref="MaxSignatures"/>.</summary>
    public IReadOnlyList<PdfByteRange> ByteRanges => _ranges;

    /// <summary>True when the file had more signatures than <see cref="MaxSignatures"/>; the extra ones were not recorded.</summary>
    public bool LimitReached { get; private set; }

    /// <summary>Whether the first bytes carry the <c>%PDF-</c> header within the first 1024 bytes.</summary>
    public static bool LooksLikePdf(ReadOnlySpan<byte> firstBytes)
    {
        // The header may start at offset 1023, so look 4 bytes further than the window.
        var window = firstBytes[..Math.Min(firstBytes.Length, HeaderWindow + 4)];
        return window.IndexOf("%PDF-"u8) >= 0;
    }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        var i = 0;
        while (i < chunk.Length)
        {
            if (_state == State.Idle)
            {
                // Fast path: most bytes are not part of a candidate, skip to the next '/'.
                var slash = chunk[i..].IndexOf((byte)'/');
                if (slash < 0)
                {
                    break;
                }

                i += slash;
            }

            if (!Step(chunk[i]))
            {
                // The byte broke the pattern; it may itself start a new one.
                Reset();
                Step(chunk[i]);
            }

            i++;
        }

        Length += chunk.Length;
    }

    /// <summary>Advances the state machine by one byte; false when the byte does not fit the pattern.</summary>
    private bool Step(byte b)
    {
        switch (_state)
        {
            case State.Idle:
                if (b == (byte)'/')
                {
                    _state = State.Keyword;
                    _keywordMatched = 1;
                }

                return true;

            case State.Keyword:
                if (b != Keyword[_keywordMatched])
                {
                    return false;
                }

                _keywordMatched++;
                if (_keywordMatched == Keyword.Length)
                {
                    _state = State.AfterKeyword;
                }

                return true;

            case State.AfterKeyword:
                // The name must end here: "/ByteRangeX" is another name.
                if (b == (byte)'[')
                {
                    StartArray();
                    return true;
                }

                if (IsWhitespace(b))
                {
                    _state = State.BeforeArray;
                    return true;
                }

                return false;

            case State.BeforeArray:
                if (IsWhitespace(b))
                {
                    return true;
                }

                if (b == (byte)'[')
                {
                    StartArray();
                    return true;
                }

                return false;

            case State.BetweenNumbers:
                if (IsWhitespace(b))
                {
                    return true;
                }

                if (IsDigit(b) && _numberCount < _numbers.Length)
                {
                    _numbers[_numberCount] = b - '0';
                    _digitCount = 1;
                    _state = State.InNumber;
                    return true;
                }

                if (b == (byte)']' && _numberCount == _numbers.Length)
                {
                    Record();
                    return true;
                }

                return false;

            case State.InNumber:
                if (IsDigit(b))
                {
                    if (++_digitCount > MaxDigits)
                    {
                        return false;
                    }

                    _numbers[_numberCount] = (_numbers[_numberCount] * 10) + (b - '0');
                    return true;
                }

                _numberCount++;
                if (IsWhitespace(b))
                {
                    _state = State.BetweenNumbers;
                    return true;
                }

                if (b == (byte)']' && _numberCount == _numbers.Length)
                {
                    Record();
                    return true;
                }

                return false;

            default:
                return false;
        }
    }

    private void StartArray()
    {
        _state = State.BetweenNumbers;
        _numberCount = 0;
        _digitCount = 0;
    }

    private void Record()
    {
        var range = new PdfByteRange(_numbers[0], _numbers[1], _numbers[2], _numbers[3]);
        if (!_ranges.Contains(range))
        {
            if (_ranges.Count < MaxSignatures)
            {
                _ranges.Add(range);
            }
            else
            {
                LimitReached = true;
            }
        }

        Reset();
    }

    private void Reset()
    {
        _state = State.Idle;
        _keywordMatched = 0;
        _numberCount = 0;
        _digitCount = 0;
    }

    // PDF white-space characters (ISO 32000-1, 7.2.2).
    private static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
