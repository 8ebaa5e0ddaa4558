namespace Evaluation.Infrastructure.Evidence;

/// <summary>
/// Recognises a file's type by its first bytes, never by its name: an executable renamed ".pdf" is not a PDF.
/// PDF is always accepted; JPEG and PNG only when the settings allow them.
/// </summary>
public static class EvidenceContentTypes
{
    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    /// <summary>The types this code can recognise, for validating settings.</summary>
    public static IReadOnlyList<string> Recognised { get; } = [Pdf, Jpeg, Png];

    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    public const int HeaderBytes = PdfSignatureScanner.HeaderWindow;

    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (PdfSignatureScanner.LooksLikePdf(head))
        {
            return Pdf;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        return head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? Png : null;
    }

    /// <summary>Vietnamese name of a type for messages.</summary>
    public static string Describe(string contentType) => contentType switch
    {
        Pdf => "PDF",
        Jpeg => "ảnh JPEG",
        Png => "ảnh PNG",
        _ => contentType,
    };
}
