using System.Text.Json;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.Leaders;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Leaders;
using Evaluation.Infrastructure.Scoring;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evaluation.Web.Endpoints;

/// <summary>
/// The leaders' ballot (API.md <c>…/leader-ballots/{leaderEmail}</c>; ): the Chairman or a
/// Vice-chairman reads and saves their scores (0–4 per unit, section VI). The caller is either that leader signed in,
/// or anyone holding that leader's personal link for that year (header <see cref="TokenHeader"/>): the deployment
/// lets the ballot through without the Entra sign-in so it opens from Teams on a phone, and the token is the credential.
/// </summary>
public sealed class LeaderBallotEndpoints(
    EndpointRunner runner,
    Access access,
    YearStore years,
    UnitStore units,
    PersonStore people,
    LeaderBallotStore ballots,
    LeaderLinks links,
    UnitScoreReader scoreReader,
    TimeProvider clock,
    ILogger<LeaderBallotEndpoints> logger)
{
    /// <summary>The header the ballot page sends the link's token in (never a cookie: nothing else may replay it).</summary>
    public const string TokenHeader = "X-Ballot-Token";

    /// <summary><c>GET …/leader-ballots/{leaderEmail}</c>: the ballot with the saved scores.</summary>
    public Task<IResult> Get(HttpContext http, string year, string leaderEmail) => runner.RunAsync(http, async () =>
    {
        var caller = await AuthorizeAsync(http, PathValues.Year(year), PathValues.Email(leaderEmail), http.Request.Headers[TokenHeader].ToString());
        var ballot = await ballots.GetAsync(caller.Year.Year, caller.Leader.Email, http.RequestAborted);
        return ApiResults.Json(await BallotAsync(caller, ballot, http.RequestAborted), etag: ballot.ETag);
    });

    /// <summary><c>PUT …/leader-ballots/{leaderEmail}</c>: <c>{ "scores": { "{unitId}": 3.5 } }</c> merged into the ballot.</summary>
    public Task<IResult> Put(HttpContext http, string year, string leaderEmail) => runner.RunAsync(http, async () =>
    {
        var caller = await AuthorizeAsync(http, PathValues.Year(year), PathValues.Email(leaderEmail), http.Request.Headers[TokenHeader].ToString());
        var now = clock.GetUtcNow();
        if (LeaderBallotWindow.Refusal(caller.Year, now) is { } refusal)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Ngoài thời gian chấm điểm", refusal);
        }

        var unitList = await units.ListAsync(caller.Year.Year, http.RequestAborted);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        var (scores, errors) = ReadScores(body.RootElement, unitList.ToDictionary(record => record.Unit.UnitId, record => record.Unit, StringComparer.Ordinal));
        if (scores is null)
        {
            throw ProblemException.Invalid(errors.ToDictionary());
        }

        var saved = await ballots.SaveAsync(caller.Year.Year, caller.Leader.Email, scores, caller.Channel, now, RequestReader.IfMatch(http.Request), http.RequestAborted);
        logger.LogInformation("Leader ballot {Year} of {Leader} saved through {Channel}: {Count} scores, revision {Revision}",
            caller.Year.Year, caller.Leader.Email, caller.Channel, scores.Count, saved.Revision);
        return ApiResults.Json(await BallotAsync(caller, saved, http.RequestAborted, unitList), etag: saved.ETag);
    });

    /// <summary>
    /// The leader the request may act for: by the link's token when one is presented (it wins, so a leader signed in on
    /// the desktop can still use the link), else by the sign-in. <paramref name="leaderEmail"/> is the ballot asked for
    /// (null: whichever the token or the sign-in names, for the page). Refusals are 401/403 with the reason in Vietnamese.
    /// </summary>
    public async Task<LeaderBallotCaller> AuthorizeAsync(HttpContext http, int year, string? leaderEmail, string? token)
    {
        BallotChannel channel;
        if (!string.IsNullOrWhiteSpace(token))
        {
            var check = await links.CheckAsync(token, year, http.RequestAborted);
            if (!check.IsValid)
            {
                throw ProblemException.Forbidden(check.Message!);
            }

            if (leaderEmail is not null && check.LeaderEmail != leaderEmail)
            {
                throw ProblemException.Forbidden("Đường liên kết này là phiếu chấm điểm của một lãnh đạo khác; mỗi lãnh đạo chỉ dùng được đường liên kết gửi riêng cho mình.");
            }

            leaderEmail = check.LeaderEmail!;
            channel = BallotChannel.Link;
        }
        else
        {
            var viewer = await access.RequireSignedInAsync(http);
            if (viewer.Person?.Role != Role.Leader)
            {
                throw ProblemException.Forbidden($"Phiếu chấm điểm chỉ dành cho Chủ tịch, các Phó Chủ tịch UBND tỉnh. Tài khoản {viewer.Email} là: {viewer.RoleName}.");
            }

            if (leaderEmail is not null && viewer.Email != leaderEmail)
            {
                throw ProblemException.Forbidden($"Mỗi lãnh đạo chỉ mở được phiếu chấm điểm của mình; tài khoản {viewer.Email} không mở được phiếu của {leaderEmail}.");
            }

            leaderEmail = viewer.Email;
            channel = BallotChannel.SignIn;
        }

        var yearTask = years.GetAsync(year, http.RequestAborted);
        var person = await people.GetAsync(leaderEmail, http.RequestAborted);
        var evaluationYear = (await yearTask)?.Value ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {year}.");
        if (person?.Value is not { Role: Role.Leader } leader)
        {
            // A link made for someone who is no longer a leader in the directory stops working with it.
            throw ProblemException.Forbidden($"{leaderEmail} không có trong danh sách Lãnh đạo UBND tỉnh của hệ thống; liên hệ Tổ công tác.");
        }

        return new LeaderBallotCaller(evaluationYear, leader, channel);
    }

    private async Task<LeaderBallotDto> BallotAsync(
        LeaderBallotCaller caller, LeaderBallotRecord ballot, CancellationToken cancellationToken, IReadOnlyList<UnitRecord>? unitList = null)
    {
        var year = caller.Year;
        unitList ??= await units.ListAsync(year.Year, cancellationToken);
        // What the council appraised so far, computed from storage by the scoring reader (not by this endpoint).
        var sheet = await scoreReader.ReadAsync(year.Year, withSurvey: false, cancellationToken);
        var appraised = sheet.Units.ToDictionary(unit => unit.UnitId, StringComparer.Ordinal);
        var groups = new List<LeaderBallotGroupDto>();
        // Every unit type of the year, then any type a unit carries that the year no longer lists (shown, not lost).
        var typeCodes = year.Setup.UnitTypes.Select(type => type.Code)
            .Concat(unitList.Select(record => record.Unit.Type).Where(code => year.UnitType(code) is null).Distinct(StringComparer.Ordinal));
        foreach (var code in typeCodes)
        {
            var ofType = unitList.Where(record => record.Unit.Type == code).OrderBy(record => record.Unit.Name, Codes.VietnameseNameOrder)
                .Select(record => new LeaderBallotUnitDto(
                    record.Unit.UnitId,
                    record.Unit.Name,
                    ballot.Scores.TryGetValue(record.Unit.UnitId, out var score) ? score : null,
                    appraised.GetValueOrDefault(record.Unit.UnitId) is { } unitSheet ? Appraised(unitSheet) : null))
                .ToList();
            if (ofType.Count > 0)
            {
                groups.Add(new LeaderBallotGroupDto(code, year.UnitType(code)?.Name ?? $"Loại {code}", ofType));
            }
        }

        var scored = unitList.Count(record => ballot.Scores.ContainsKey(record.Unit.UnitId));
        var refusal = LeaderBallotWindow.Refusal(year, clock.GetUtcNow());
        return new LeaderBallotDto(
            year.Year,
            caller.Leader.Email,
            caller.Leader.Name,
            year.LeaderScoringOpens,
            year.LeaderScoringCloses,
            ProvinceTime.Format(year.LeaderScoringOpens),
            ProvinceTime.FormatDeadline(year.LeaderScoringCloses),
            refusal is null,
            refusal,
            year.IsPublished,
            LeaderScores.Max,
            unitList.Count,
            scored,
            unitList.Count - scored,
            ballot.Revision,
            ballot.SavedAt,
            ballot.SavedAt is { } at ? ProvinceTime.Format(at) : null,
            sheet.Units.Count > 0,
            sheet.ComputedAt,
            groups);
    }

    private static AppraisedScoresDto Appraised(UnitScoreSheet sheet)
    {
        string[] appraisedSections = [Sections.I, Sections.II, Sections.III, Sections.IV, Sections.VII];
        var shown = appraisedSections.ToDictionary(code => code, code => sheet.Sections.GetValueOrDefault(code), StringComparer.Ordinal);
        // The total rule of R-6.1 (bonus capped, never below 0) on the appraised sections alone: V and VI count 0.
        return new AppraisedScoresDto(shown, new SectionScores(shown).Total(), sheet.Unappraised);
    }

    /// <summary>Reads <c>{ "scores": { unitId: number } }</c>; every bad entry is named, nothing is kept if one is bad.</summary>
    private static (Dictionary<string, decimal>? Scores, ValidationErrors Errors) ReadScores(JsonElement root, Dictionary<string, Unit> unitsById)
    {
        var errors = new ValidationErrors();
        _ = new BodyFields(root, errors, ["scores"]);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        if (!root.TryGetProperty("scores", out var scoresElement) || scoresElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add("scores", "Thiếu \"scores\": một đối tượng { \"mã đơn vị\": điểm, … }.");
            return (null, errors);
        }

        var scores = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var entry in scoresElement.EnumerateObject())
        {
            var field = "scores." + Shorten(entry.Name);
            if (!unitsById.TryGetValue(entry.Name, out var unit))
            {
                errors.Add(field, $"Không có cơ quan, đơn vị \"{Shorten(entry.Name)}\" trong năm đánh giá này.");
                continue;
            }

            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetDecimal(out var score))
            {
                errors.Add(field, $"Điểm của {unit.Name} phải là một số từ 0 đến {ScoreText.Format(LeaderScores.Max)}.");
            }
            else if (!LeaderScores.IsValid(score))
            {
                errors.Add(field, $"Điểm của {unit.Name} phải từ 0 đến {ScoreText.Format(LeaderScores.Max)}, tối đa {LeaderScores.Decimals} chữ số thập phân (đã nhập {ScoreText.Format(score)}).");
            }
            else if (!scores.TryAdd(entry.Name, ScoreText.Normalize(score)))
            {
                errors.Add(field, $"{unit.Name} có hai điểm trong cùng một lần lưu.");
            }
        }

        if (scores.Count == 0 && errors.Count == 0)
        {
            errors.Add("scores", "Chưa có điểm nào để lưu.");
        }

        return (errors.Count == 0 ? scores : null, errors);
    }

    private static string Shorten(string text) => text.Length <= UnitIds.MaxLength ? text : text[..UnitIds.MaxLength] + "…";
}
