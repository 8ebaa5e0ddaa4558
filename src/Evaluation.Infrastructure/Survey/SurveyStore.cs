using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Evaluation.Domain.Common;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Infrastructure.Survey;

/// <summary>A questionnaire as stored, with its blob's ETag for a conditional save.</summary>
public sealed record StoredQuestionnaire(Questionnaire Questionnaire, string ETag, string SavedBy, DateTimeOffset SavedAt);

/// <summary>
/// The survey: each index set's questionnaire as a JSON blob beside its catalogue
/// (<c>catalogues/{year}/{indexSet}/questionnaire.json</c>), the registered respondents (table SurveyRespondents) and
/// the ballots (table SurveyBallots), one partition per year, a respondent's code as the row key. A ballot row is
/// only ever added, never replaced, so a respondent answers once whatever the channel; re-verifications are appended
/// to it under its ETag.
/// </summary>
public sealed class SurveyStore(StorageClients clients, StorageNames names)
{
    public const int MaxRespondentsPerYear = 20_000;
    private const int MaxServerRetries = 8;

    public async Task<StoredQuestionnaire?> GetQuestionnaireAsync(int year, string indexSet, CancellationToken cancellationToken = default)
    {
        var container = await clients.ContainerAsync(names.CatalogueBlobs);
        try
        {
            var content = (await container.GetBlobClient(QuestionnaireBlob(year, indexSet)).DownloadContentAsync(cancellationToken)).Value;
            var stored = JsonSerializer.Deserialize<QuestionnaireFile>(content.Content.ToMemory().Span, EvaluationJson.Options)
                ?? throw new InvalidDataException($"Questionnaire {year}/{indexSet} is empty.");
            return new StoredQuestionnaire(stored.Questionnaire, content.Details.ETag.ToString(), stored.SavedBy, stored.SavedAt);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Saves the questionnaire; with <paramref name="ifMatch"/> only over that version (else <see cref="StaleWriteException"/>).</summary>
    public async Task<StoredQuestionnaire> SaveQuestionnaireAsync(
        Questionnaire questionnaire, string savedBy, DateTimeOffset at, string? ifMatch, CancellationToken cancellationToken = default)
    {
        var container = await clients.ContainerAsync(names.CatalogueBlobs);
        var content = JsonSerializer.SerializeToUtf8Bytes(new QuestionnaireFile(questionnaire, savedBy, at), EvaluationJson.Options);
        try
        {
            var response = await container.GetBlobClient(QuestionnaireBlob(questionnaire.Year, questionnaire.IndexSet)).UploadAsync(
                new BinaryData(content),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                    Conditions = ifMatch is null ? null : new BlobRequestConditions { IfMatch = new ETag(ifMatch) },
                },
                cancellationToken);
            return new StoredQuestionnaire(questionnaire, response.Value.ETag.ToString(), savedBy, at);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new StaleWriteException($"The questionnaire {questionnaire.Year}/{questionnaire.IndexSet} changed since it was read.", ex);
        }
    }

    public async Task<IReadOnlyList<SurveyRespondent>> RespondentsAsync(int year, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.SurveyRespondents);
        var result = new List<SurveyRespondent>();
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == StorageKeys.Year(year), cancellationToken: cancellationToken))
        {
            result.Add(ReadRespondent(row));
        }

        return result;
    }

    public async Task<SurveyRespondent?> RespondentAsync(int year, string code, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.SurveyRespondents);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(StorageKeys.Year(year), code, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } found ? ReadRespondent(found) : null;
    }

    /// <summary>Adds or replaces registrations (the endpoint has checked that none with a ballot changes unit or group).</summary>
    public async Task SaveRespondentsAsync(int year, IReadOnlyList<SurveyRespondent> respondents, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.SurveyRespondents);
        // Entity-group transactions of at most 100 rows, all in the year's partition.
        foreach (var chunk in respondents.Chunk(100))
        {
            var actions = chunk.Select(respondent => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(StorageKeys.Year(year), respondent.Code)
            {
                ["UnitId"] = respondent.UnitId,
                ["Group"] = respondent.Group,
                ["Name"] = respondent.Name,
                ["Phone"] = respondent.Phone,
                ["Email"] = respondent.Email,
                ["Organisation"] = respondent.Organisation,
                ["By"] = by,
                ["At"] = at,
            })).ToList();
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<SurveyBallot>> BallotsAsync(int year, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.SurveyBallots);
        var result = new List<SurveyBallot>();
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == StorageKeys.Year(year), cancellationToken: cancellationToken))
        {
            result.Add(ReadBallot(row));
        }

        return result;
    }

    public async Task<SurveyBallot?> BallotAsync(int year, string respondentCode, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.SurveyBallots);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(StorageKeys.Year(year), respondentCode, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } found ? ReadBallot(found) : null;
    }

    /// <summary>
    /// Records the respondent's ballot, once: returns false (and writes nothing) when that respondent already has one,
    /// whichever channel wrote it, even at the same instant on another host.
    /// </summary>
    public async Task<bool> AddBallotAsync(int year, SurveyBallot ballot, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.SurveyBallots);
        try
        {
            await table.AddEntityAsync(BallotEntity(year, ballot), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Appends a re-verification to the ballot; null when the respondent has no ballot.</summary>
    public async Task<SurveyBallot?> AddCheckAsync(int year, string respondentCode, Reverification check, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.SurveyBallots);
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(StorageKeys.Year(year), respondentCode, cancellationToken: cancellationToken);
            if (!row.HasValue || row.Value is not { } found)
            {
                return null;
            }

            var ballot = ReadBallot(found);
            var updated = ballot with { Checks = [.. ballot.Checks, check] };
            try
            {
                await table.UpdateEntityAsync(BallotEntity(year, updated), found.ETag, TableUpdateMode.Replace, cancellationToken);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < MaxServerRetries)
            {
                // Two people recorded checks at once: read again and append to the newer list, losing neither.
            }
        }
    }

    private static string QuestionnaireBlob(int year, string indexSet) => $"{StorageKeys.Year(year)}/{indexSet}/questionnaire.json";

    private static TableEntity BallotEntity(int year, SurveyBallot ballot) => new(StorageKeys.Year(year), ballot.RespondentCode)
    {
        ["UnitId"] = ballot.UnitId,
        ["Group"] = ballot.Group,
        ["Answers"] = JsonSerializer.Serialize(ballot.Answers, EvaluationJson.Options),
        ["Source"] = ballot.Source.ToString(),
        ["At"] = ballot.At,
        ["By"] = ballot.By,
        ["Checks"] = JsonSerializer.Serialize(ballot.Checks, EvaluationJson.Options),
    };

    private static SurveyBallot ReadBallot(TableEntity row) => new(
        row.RowKey,
        row.GetString("UnitId") ?? string.Empty,
        row.GetString("Group") ?? string.Empty,
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("Answers") ?? "{}", EvaluationJson.Options) ?? [],
        Enum.Parse<BallotSource>(row.GetString("Source") ?? nameof(BallotSource.Entered)),
        row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        row.GetString("By") ?? string.Empty,
        JsonSerializer.Deserialize<List<Reverification>>(row.GetString("Checks") ?? "[]", EvaluationJson.Options) ?? []);

    private static SurveyRespondent ReadRespondent(TableEntity row) => new(
        row.RowKey,
        row.GetString("UnitId") ?? string.Empty,
        row.GetString("Group") ?? string.Empty,
        row.GetString("Name") ?? string.Empty,
        row.GetString("Phone"),
        row.GetString("Email"),
        row.GetString("Organisation"));

    private sealed record QuestionnaireFile(Questionnaire Questionnaire, string SavedBy, DateTimeOffset SavedAt);
}
