using System.Text.Encodings.Web;
using System.Text.Json;
using Evaluation.Domain.Common;
using Evaluation.Domain.OtherIndices;

namespace Evaluation.Domain.Catalogues;

/// <summary>Writes a catalogue in the API.md format, so an exported file reads back unchanged.</summary>
public static class CatalogueWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Vietnamese stays readable in the exported file instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] ToUtf8Json(Catalogue catalogue)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            Write(writer, catalogue);
        }

        return stream.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, Catalogue catalogue)
    {
        writer.WriteStartObject();
        writer.WriteString("indexSet", catalogue.IndexSet);
        writer.WriteNumber("year", catalogue.Year);
        writer.WriteString("title", catalogue.Title);
        if (catalogue.Note is not null)
        {
            writer.WriteString("note", catalogue.Note);
        }

        writer.WriteStartArray("sections");
        foreach (var section in catalogue.Sections)
        {
            writer.WriteStartObject();
            writer.WriteString("code", section.Code);
            writer.WriteString("kind", Sections.KindName(section.Kind));
            writer.WriteString("title", section.Title);
            if (section.MaxScore is { } max)
            {
                writer.WriteNumber("maxScore", ScoreText.Normalize(max));
            }

            if (section.Kind != SectionKind.Leaders)
            {
                WriteCriteria(writer, "criteria", section.Criteria);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCriteria(Utf8JsonWriter writer, string name, IReadOnlyList<Criterion> criteria)
    {
        writer.WriteStartArray(name);
        foreach (var criterion in criteria)
        {
            writer.WriteStartObject();
            writer.WriteString("code", criterion.Code);
            writer.WriteString("title", criterion.Title);
            writer.WriteNumber("maxScore", ScoreText.Normalize(criterion.MaxScore));
            if (criterion.AppraiserAgency is not null)
            {
                writer.WriteString("appraiserAgency", criterion.AppraiserAgency);
            }

            if (criterion.AllowedScores is not null)
            {
                writer.WriteStartArray("allowedScores");
                foreach (var score in criterion.AllowedScores)
                {
                    writer.WriteNumberValue(ScoreText.Normalize(score));
                }

                writer.WriteEndArray();
            }

            if (criterion.Description is not null)
            {
                writer.WriteString("description", criterion.Description);
            }

            if (criterion.OtherIndex is not null)
            {
                OtherIndexWriter.Write(writer, criterion.OtherIndex);
            }

            if (!criterion.IsLeaf)
            {
                WriteCriteria(writer, "children", criterion.Children);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
