namespace Evaluation.Infrastructure.Spreadsheets;

/// <summary>Excel's column letters, both ways.</summary>
public static class ColumnLetters
{
    /// <summary>Excel's last column, XFD.</summary>
    private const int LastColumn = 16384;

    /// <summary>1 → "A", 27 → "AA".</summary>
    public static string Of(int column)
    {
        var name = string.Empty;
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>The column of a cell reference, A = 0: "C7" → 2; -1 past Excel's last column.</summary>
    public static int IndexOf(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
            if (index > LastColumn)
            {
                return -1;
            }
        }

        return index - 1;
    }
}
