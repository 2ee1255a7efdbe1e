using Kullback.Estimation;

namespace Kullback.Tests.Estimation;

public sealed class LogitComparisonTests
{
    private static LogitRowSource From(float[] logits, int cols) => (first, count, buffer) =>
    {
        logits.AsSpan(first * cols, count * cols).CopyTo(buffer);
        return buffer[..(count * cols)];
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ABadRowIsNamedAndKeepsWhichModelItCameFrom(bool inB)
    {
        const int rows = 40, cols = 6;
        var a = new float[rows * cols];
        var b = new float[rows * cols];
        for (int i = 0; i < a.Length; i++) { a[i] = (i % 7) * 0.3f; b[i] = (i % 5) * 0.2f; }
        (inB ? b : a)[33 * cols + 2] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => LogitComparison.Compare(rows, cols, From(a, cols), From(b, cols), null, 2));
        string which = inB ? "b" : "a";
        Assert.Equal(which, e.ParamName);
        Assert.StartsWith($"row 33: {which}[2]: logits must be finite", e.Message);
        Assert.EndsWith($"(Parameter '{which}')", e.Message);
        Assert.Equal(1, e.Message.Split("(Parameter").Length - 1);
        Assert.IsType<ArgumentException>(e.InnerException);
    }
}
