namespace Evaluation.TestSupport;

/// <summary>Where <see cref="SignedPdfBuilder"/> put one signature: its byte range and the CMS in the Contents gap.</summary>
/// <param name="Start1">First signed range's offset (always 0).</param>
/// <param name="Length1">First signed range's length, which is also the offset of the Contents <c>&lt;</c>.</param>
/// <param name="Start2">Second signed range's offset, just after the Contents <c>&gt;</c>.</param>
/// <param name="Length2">Second signed range's length (to the end of the file at signing).</param>
/// <param name="CmsLength">Length of the DER CMS; its hex takes the first <c>2 × CmsLength</c> digits of Contents.</param>
public sealed record SignedPdfSignature(long Start1, long Length1, long Start2, long Length2, int CmsLength)
{
    /// <summary>Offset of the Contents <c>&lt;</c>.</summary>
    public long ContentsOffset => Start1 + Length1;

    /// <summary>Offset of the first hex digit of the CMS.</summary>
    public long CmsHexOffset => ContentsOffset + 1;
}
