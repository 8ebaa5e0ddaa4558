using System.Diagnostics.CodeAnalysis;

namespace Evaluation.Infrastructure.Evidence;

/// <summary>Outcome of the signature check of one signature, or of a whole file .</summary>
public enum SignatureStatus
{
    /// <summary>Intact, and the certificate chains to a trusted root and was valid at the signing time.</summary>
    Valid,

    /// <summary>The signed bytes or the signature itself were changed or are unreadable (tampered).</summary>
    Invalid,

    /// <summary>
    /// Intact, but the certificate does not chain to a configured trusted root, or it (or a certificate above it)
    /// was not valid at the signing time.
    /// </summary>
    Untrusted,

    /// <summary>The file carries no signature.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The R-2.3 status word, not an integer type.")]
    Unsigned,
}

/// <summary>One signature of a file.</summary>
/// <param name="Subject">The signer's CN, or the full subject when it has no CN; empty when the signature is unreadable.</param>
/// <param name="SignedAt">The signed signingTime attribute; null when absent or unreadable.</param>
/// <param name="Status">Valid, Invalid or Untrusted (never Unsigned).</param>
/// <param name="Problem">A short Vietnamese explanation when not valid; null when valid.</param>
public sealed record SignerResult(string Subject, DateTimeOffset? SignedAt, SignatureStatus Status, string? Problem);

/// <summary>The signature check of one file: its overall status and each signature in file order.</summary>
public sealed record SignatureCheckResult(SignatureStatus Status, IReadOnlyList<SignerResult> Signers)
{
    /// <summary>A file with no signature.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The R-2.3 status word, not an integer type.")]
    public static SignatureCheckResult Unsigned { get; } = new(SignatureStatus.Unsigned, []);

    /// <summary>
    /// The file's status from its signatures: Unsigned when there are none; Invalid when any is invalid (a tampered
    /// part taints the file); else Untrusted when any is untrusted; else Valid.
    /// </summary>
    public static SignatureCheckResult From(IReadOnlyList<SignerResult> signers)
    {
        if (signers.Count == 0)
        {
            return Unsigned;
        }

        var status = signers.Any(s => s.Status == SignatureStatus.Invalid) ? SignatureStatus.Invalid
            : signers.Any(s => s.Status == SignatureStatus.Untrusted) ? SignatureStatus.Untrusted
            : SignatureStatus.Valid;
        return new SignatureCheckResult(status, signers);
    }
}

/// <summary>The names the API uses for <see cref="SignatureStatus"/>.</summary>
public static class SignatureStatusNames
{
    public const string Valid = "valid";
    public const string Invalid = "invalid";
    public const string Untrusted = "untrusted";
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The R-2.3 status word, not an integer type.")]
    public const string Unsigned = "unsigned";

    public static string ToApiName(this SignatureStatus status) => status switch
    {
        SignatureStatus.Valid => Valid,
        SignatureStatus.Invalid => Invalid,
        SignatureStatus.Untrusted => Untrusted,
        SignatureStatus.Unsigned => Unsigned,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown signature status."),
    };

    public static bool TryParse(string? name, out SignatureStatus status)
    {
        switch (name)
        {
            case Valid:
                status = SignatureStatus.Valid;
                return true;
            case Invalid:
                status = SignatureStatus.Invalid;
                return true;
            case Untrusted:
                status = SignatureStatus.Untrusted;
                return true;
            case Unsigned:
                status = SignatureStatus.Unsigned;
                return true;
            default:
                status = default;
                return false;
        }
    }
}
