using System.Text.Json;
using Kullback.Cli;
using Kullback.Cli.Common;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Vi;

public class ViCommandTests
{
    private static string Data(string file) => Path.Combine(TestPaths.RepositoryRoot, "data", file);

    [Fact]
    public void LinearRegressionReportsElboAtTheExactLogEvidence()
    {
        var (code, output, error) = Run("vi", "--model", "bayesian-linear-regression", "--data", Data("diabetes.csv"),
            "--prior-std", "100", "--noise-std", "54", "--family", "full-covariance", "--seed", "1", "--json");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("vi: iteration 5000/5000", error); // progress on stderr
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        double elbo = root.GetProperty("elbo").GetDouble();
        double logEvidence = root.GetProperty("log_evidence").GetDouble();
        Assert.Equal(-2423.8468219694105, logEvidence, 1e-9); // scipy, Fixtures/Variational/linear_regression.json
        Assert.True(elbo <= logEvidence && logEvidence - elbo < 1e-3 * Math.Abs(logEvidence));
        Assert.True(root.GetProperty("kl_q_prior").GetDouble() > 0);
        Assert.Equal(5000, root.GetProperty("iterations").GetInt32());
        Assert.False(root.TryGetProperty("elbo_standard_error", out _));
    }

    [Fact]
    public void WithoutDataTheBundledDataSetIsUsedFromAnyDirectory()
    {
        // Issue 10, item 12: the default was the relative path data/diabetes.csv, so vi failed outside the repository root
        // (as here: tests run in bin/). It now reads the copy shipped inside the tool, and gets the same exact log evidence.
        var (code, output, error) = Run("vi", "--model", "bayesian-linear-regression",
            "--prior-std", "100", "--noise-std", "54", "--family", "full-covariance", "--seed", "1", "--json");
        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(-2423.8468219694105, doc.RootElement.GetProperty("log_evidence").GetDouble(), 1e-9); // scipy, linear_regression.json
    }

    [Fact]
    public void LogisticRegressionWritesPredictiveSummaryAndReport()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kullback-vi-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, output, _) = Run("vi", "--model", "bayesian-logistic-regression", "--data", Data("breast-cancer.csv.gz"),
                "--prior-std", "1", "--family", "mean-field", "--iterations", "400", "--seed", "2", "--json", "--report", dir);
            Assert.Equal(ExitCodes.Success, code);
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            Assert.True(root.GetProperty("elbo_standard_error").GetDouble() > 0);
            Assert.False(root.TryGetProperty("log_evidence", out _));
            var predictive = root.GetProperty("predictive");
            Assert.True(predictive.GetProperty("accuracy").GetDouble() > 0.95);
            Assert.Equal(predictive.GetProperty("mean_entropy").GetDouble(),
                predictive.GetProperty("mean_aleatoric").GetDouble() + predictive.GetProperty("mean_epistemic").GetDouble(), 1e-12);
            Assert.True(File.Exists(Path.Combine(dir, "index.html")));
            Assert.True(File.Exists(Path.Combine(dir, "elbo.png")));
            var lines = File.ReadAllLines(Path.Combine(dir, "predictions.csv"));
            Assert.Equal("row,label,p_benign,total_entropy,aleatoric,epistemic", lines[0]);
            Assert.Equal(570, lines.Length);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void HeavyTailedPriorReportsAMonteCarloDivergenceFromThePrior()
    {
        var (code, output, _) = Run("vi", "--model", "bayesian-logistic-regression", "--data", Data("breast-cancer.csv.gz"),
            "--prior", "studentt", "--prior-df", "3", "--prior-std", "2.5", "--family", "mean-field", "--iterations", "300", "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("StudentT(df=3, loc=0, scale=2.5) on each weight", doc.RootElement.GetProperty("prior").GetString());
        Assert.True(doc.RootElement.GetProperty("kl_q_prior_standard_error").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--model", "bayesian-linear-regression", "--prior-std", "1", "--noise-std", "2", "--prior", "laplace")]
    [InlineData("--model", "bayesian-logistic-regression", "--prior-std", "1", "--prior", "cauchy")]
    [InlineData("--model", "bayesian-logistic-regression", "--prior-std", "1", "--prior", "studentt", "--prior-df", "0")]
    [InlineData("--model", "bayesian-linear-regression", "--prior-std", "1")]
    [InlineData("--model", "bayesian-logistic-regression", "--prior-std", "1", "--noise-std", "2")]
    [InlineData("--model", "bayesian-linear-regression", "--prior-std", "1", "--noise-std", "2", "--family", "diagonal")]
    [InlineData("--model", "linear", "--prior-std", "1")]
    [InlineData("--model", "bayesian-linear-regression", "--prior-std", "-1", "--noise-std", "2")]
    [InlineData("--model", "bayesian-linear-regression", "--prior-std", "1", "--noise-std", "2", "--data", "no/such/file.csv")]
    public void UsageErrorsExitWithTwo(params string[] args)
    {
        var (code, _, error) = Run(["vi", .. args]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("kullback: ", error);
    }
}
