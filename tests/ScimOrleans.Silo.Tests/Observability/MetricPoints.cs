using OpenTelemetry.Metrics;

namespace ScimOrleans.Silo.Tests.Observability;

/// <summary>Reads the points of an exported metric as tag dictionaries with their sum or count.</summary>
public static class MetricPoints
{
    public sealed record Point(IReadOnlyDictionary<string, object?> Tags, double Value, long Count);

    public static IReadOnlyList<Point> PointsOf(this IReadOnlyList<MetricSnapshot> metrics, string name)
    {
        var metric = metrics.FirstOrDefault(m => m.Name == name);
        if (metric is null)
        {
            return [];
        }

        var points = new List<Point>();
        foreach (var point in metric.MetricPoints)
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            var copy = point;
            points.Add(metric.MetricType switch
            {
                MetricType.Histogram => new Point(tags, copy.GetHistogramSum(), copy.GetHistogramCount()),
                MetricType.LongSum => new Point(tags, copy.GetSumLong(), copy.GetSumLong()),
                MetricType.DoubleSum => new Point(tags, copy.GetSumDouble(), (long)copy.GetSumDouble()),
                _ => new Point(tags, 0, 0),
            });
        }

        return points;
    }

    public static bool Has(this Point point, string tag, object expected) =>
        point.Tags.TryGetValue(tag, out var value) && Equals(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToString(expected, System.Globalization.CultureInfo.InvariantCulture));
}
