using System.Text.Json;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.OtherIndices;

/// <summary>Writes a leaf's <c>otherIndex</c> field exactly as <see cref="OtherIndexReader"/> reads it, so a catalogue round-trips.</summary>
public static class OtherIndexWriter
{
    public static void Write(Utf8JsonWriter writer, OtherIndexRule rule)
    {
        writer.WriteStartObject(OtherIndexReader.FieldName);
        writer.WriteString("code", rule.Code);
        writer.WriteString("title", rule.Title);
        writer.WriteString("rule", rule.RuleName);
        if (rule.Bands is not null)
        {
            writer.WriteStartArray("bands");
            foreach (var band in rule.Bands)
            {
                writer.WriteStartObject();
                writer.WriteNumber("from", ScoreText.Normalize(band.From));
                writer.WriteNumber("to", ScoreText.Normalize(band.To));
                writer.WriteNumber("points", ScoreText.Normalize(band.Points));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (rule.MaxValue is { } maxValue)
        {
            writer.WriteNumber("maxValue", ScoreText.Normalize(maxValue));
        }

        writer.WriteEndObject();
    }
}
