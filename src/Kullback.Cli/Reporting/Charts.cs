using ScottPlot;

namespace Kullback.Cli.Reporting;

/// <summary>Reusable ScottPlot figures rendered to PNG bytes: stacked bars, lines, grouped bars, reliability diagrams, grey images.</summary>
public static class Charts
{
    /// <summary>Default figure size in pixels.</summary>
    public const int Width = 720, Height = 360;

    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.DarkOrange, Colors.SeaGreen, Colors.Crimson, Colors.MediumPurple];

    /// <summary>
    /// Stacked bars: at each x, the series are stacked bottom to top (e.g. H(P) under D(P‖Q), so the bar's top is H(P,Q)).
    /// </summary>
    public static byte[] StackedBars(string title, string xLabel, string yLabel, IReadOnlyList<double> x,
        IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, int width = Width, int height = Height)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var baseline = new double[x.Count];
        for (int s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            for (int i = 0; i < x.Count; i++)
            {
                double v = series[s].Values[i];
                bars.Add(new Bar { Position = x[i], ValueBase = baseline[i], Value = baseline[i] + v, FillColor = color, Size = 0.7 });
                baseline[i] += v;
            }
        }
        plot.Add.Bars(bars);
        for (int s = 0; s < series.Count; s++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = Palette[s % Palette.Length] });
        plot.Legend.IsVisible = true;
        plot.Axes.Margins(bottom: 0);
        IntegerTicksWhenWhole(plot, x);
        return Finish(plot, title, xLabel, yLabel, width, height);
    }

    /// <summary>One line (with markers) per series over shared x values.</summary>
    public static byte[] Lines(string title, string xLabel, string yLabel, IReadOnlyList<double> x,
        IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, int width = Width, int height = Height)
    {
        var plot = new Plot();
        for (int s = 0; s < series.Count; s++)
        {
            var line = plot.Add.Scatter(x.ToArray(), series[s].Values.ToArray(), Palette[s % Palette.Length]);
            line.LegendText = series[s].Name;
        }
        plot.Legend.IsVisible = true;
        IntegerTicksWhenWhole(plot, x);
        return Finish(plot, title, xLabel, yLabel, width, height);
    }

    /// <summary>Grouped bars: for each category, one bar per series side by side (e.g. P and Q over classes).</summary>
    public static byte[] GroupedBars(string title, IReadOnlyList<string> categories,
        IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, int width = 420, int height = 260)
    {
        var plot = new Plot();
        double groupWidth = 0.8, barWidth = groupWidth / series.Count;
        for (int s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var bars = new List<Bar>();
            for (int i = 0; i < categories.Count; i++)
                bars.Add(new Bar { Position = i - groupWidth / 2 + barWidth * (s + 0.5), Value = series[s].Values[i], FillColor = color, Size = barWidth });
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = color });
        }
        plot.Legend.IsVisible = true;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        plot.Axes.SetLimitsY(0, 1.05);
        return Finish(plot, title, "", "probability", width, height);
    }

    /// <summary>
    /// Reliability diagram: per confidence bin, the accuracy as a bar at the bin's mean confidence against the
    /// diagonal accuracy = confidence (perfect calibration); bins without rows are left out.
    /// </summary>
    public static byte[] Reliability(string title, IReadOnlyList<long> rows, IReadOnlyList<double> sumConfidence, IReadOnlyList<double> sumCorrect,
        int width = 460, int height = 400)
    {
        var plot = new Plot();
        int bins = rows.Count;
        var bars = new List<Bar>();
        for (int b = 0; b < bins; b++)
        {
            if (rows[b] == 0) continue;
            double center = (b + 0.5) / bins;
            bars.Add(new Bar { Position = center, Value = sumCorrect[b] / rows[b], FillColor = Colors.SteelBlue.WithAlpha(0.8), Size = 1.0 / bins * 0.9 });
            bars.Add(new Bar { Position = center, ValueBase = sumCorrect[b] / rows[b], Value = sumConfidence[b] / rows[b], FillColor = Colors.Crimson.WithAlpha(0.35), Size = 1.0 / bins * 0.9 });
        }
        plot.Add.Bars(bars);
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.Color = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "accuracy", FillColor = Colors.SteelBlue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "gap to confidence", FillColor = Colors.Crimson.WithAlpha(0.35) });
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.Axes.SetLimits(0, 1, 0, 1);
        return Finish(plot, title, "confidence max q", "accuracy", width, height);
    }

    /// <summary>Histogram of confidences over equal-width bins on [0, 1]: the fraction of rows per bin, one bar series each (e.g. before and after scaling).</summary>
    public static byte[] ConfidenceHistogram(string title, IReadOnlyList<(string Name, IReadOnlyList<long> Rows)> series, int width = 460, int height = 300)
    {
        var plot = new Plot();
        for (int s = 0; s < series.Count; s++)
        {
            var rows = series[s].Rows;
            int bins = rows.Count;
            double total = Math.Max(1, rows.Sum()), size = 1.0 / bins / series.Count * 0.9;
            var color = Palette[s % Palette.Length];
            var bars = new List<Bar>();
            for (int b = 0; b < bins; b++)
                bars.Add(new Bar { Position = (double)b / bins + size * (s + 0.5) + 0.05 / bins, Value = rows[b] / total, FillColor = color, Size = size });
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = color });
        }
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.Axes.SetLimitsX(0, 1);
        plot.Axes.Margins(bottom: 0);
        return Finish(plot, title, "confidence max q", "fraction of rows", width, height);
    }

    /// <summary>A grey image (row-major, values in [0, 1], 1 = ink) as a heat map without axes.</summary>
    public static byte[] GreyImage(ReadOnlySpan<float> pixels, int height, int width, int size = 200)
    {
        var data = new double[height, width];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++) data[r, c] = pixels[r * width + c];
        var plot = new Plot();
        var map = plot.Add.Heatmap(data);
        map.Colormap = new ScottPlot.Colormaps.GrayscaleReversed();
        map.ManualRange = new ScottPlot.Range(0, 1);
        plot.Axes.Frameless();
        plot.HideGrid();
        return plot.GetImageBytes(size, size, ImageFormat.Png);
    }

    /// <summary>Whole-number x values (epochs) get whole-number ticks only.</summary>
    private static void IntegerTicksWhenWhole(Plot plot, IReadOnlyList<double> x)
    {
        if (x.All(v => v == Math.Floor(v)))
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
    }

    private static byte[] Finish(Plot plot, string title, string xLabel, string yLabel, int width, int height)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
