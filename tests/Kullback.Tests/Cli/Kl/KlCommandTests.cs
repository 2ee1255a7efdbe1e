using System.Text.Json;
using Kullback.Cli;
using Kullback.Cli.Common;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Kl;

public class KlCommandTests
{
    [Fact]
    public void PrintsDivergenceInNatsAndTheMethod()
    {
        var (code, output, _) = Run("kl", "Normal(0, 1)", "Normal(1, 2)");
        Assert.Equal(ExitCodes.Success, code);
        // torch: kl_divergence(Normal(0,1), Normal(1,2)) = log 2 + 2/8 − 1/2 = 0.44314718055994530942
        Assert.Contains("= 0.4431471805599453 nats", output);
        Assert.Contains("method: closed form, torch.distributions.kl._kl_normal_normal", output);
    }

    [Fact]
    public void JsonInBits()
    {
        var (code, output, _) = Run("kl", "Normal(0, 1)", "Normal(1, 2)", "--json", "--base", "2");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal((Math.Log(2) - 0.25) / Math.Log(2), doc.RootElement.GetProperty("kl").GetDouble(), 1e-15);
        Assert.Equal("bits", doc.RootElement.GetProperty("unit").GetString());
        Assert.Equal("closed-form", doc.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public void InfinityIsAStringInJson()
    {
        var (code, output, _) = Run("kl", "Normal(0, 1)", "Exponential(1)", "--json");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("\"kl\":\"Infinity\"", output);
    }

    [Fact]
    public void UnregisteredPairFailsNamingBothTypesUnlessMonteCarloIsAsked()
    {
        var (code, _, error) = Run("kl", "StudentT(5)", "Normal(0, 1.3)");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("D(StudentT‖Normal)", error);
        Assert.Contains("--monte-carlo N", error);

        (code, var output, _) = Run("kl", "StudentT(5)", "Normal(0, 1.3)", "--monte-carlo", "20000", "--seed", "4", "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("monte-carlo", doc.RootElement.GetProperty("method").GetString());
        Assert.Equal(20000, doc.RootElement.GetProperty("samples").GetInt32());
        Assert.True(doc.RootElement.GetProperty("standard_error").GetDouble() > 0);
        // Same seed, same estimate.
        Assert.Equal(output, Run("kl", "StudentT(5)", "Normal(0, 1.3)", "--monte-carlo", "20000", "--seed", "4", "--json").Out);
    }

    [Fact]
    public void ParseErrorPointsAtTheColumn()
    {
        var (code, _, error) = Run("kl", "Normal(0, x)", "Normal(1, 2)");
        Assert.Equal(ExitCodes.Usage, code); // P and Q are typed on the command line
        Assert.Contains("\"Normal(0, x)\" column 11: expected a number, got 'x'", error);
    }

    [Fact]
    public void DomainErrorNamesParameterValueAndDomain()
    {
        var (code, _, error) = Run("kl", "Gamma(2, -3)", "Gamma(1, 1)");
        Assert.Equal(ExitCodes.Usage, code); // P and Q are typed on the command line
        Assert.Equal("kullback: Gamma: rate = -3 is outside its domain: rate > 0 and finite", error.Trim());
    }

    [Fact]
    public void BatchWritesOneLinePerInputAndGoesOnAfterABadLine()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path,
            [
                "{\"id\": \"a\", \"p\": \"Gamma(2, 3)\", \"q\": \"Exponential(1)\"}",
                "{\"id\": \"b\", \"p\": \"Normal(0, 1)\", \"q\": \"Normal(0, 0)\"}",
                "{\"id\": \"c\", \"p\": \"Bernoulli(0.3)\", \"q\": \"Poisson(2)\"}",
                "{\"id\": \"d\", \"p\": \"StudentT(3)\", \"q\": \"Normal(0, 1)\"}",
                "{\"id\": \"e\", \"p\": \"MultivariateNormal([0], [[1]])\", \"q\": \"MultivariateNormal([0, 0], scale=[1, 1])\"}",
                "{\"id\": \"f\", \"p\": \"Normal(0, 1)\", \"q\": \"Normal(0, 2)\"}",
            ]);
            var (code, output, _) = Run("kl", "--input", path, "--json");
            Assert.Equal(ExitCodes.Failure, code);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(6, lines.Length);
            Assert.StartsWith("{\"id\":\"a\",\"kl\":", lines[0]);
            Assert.StartsWith("{\"id\":\"b\",\"error\":\"line 2: Normal: scale = 0", lines[1]);
            Assert.StartsWith("{\"id\":\"c\",\"kl\":", lines[2]);
            Assert.StartsWith("{\"id\":\"d\",\"error\":\"line 4: no closed form for D(StudentT‖Normal)", lines[3]);
            Assert.StartsWith("{\"id\":\"e\",\"error\":\"line 5: D(MultivariateNormal‖MultivariateNormal): P has dimension 1 but Q has 2", lines[4]);
            Assert.StartsWith("{\"id\":\"f\",\"kl\":", lines[5]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UsageErrorsExitWithTwo()
    {
        Assert.Equal(ExitCodes.Usage, Run("kl", "Normal(0, 1)").Code);
        Assert.Equal(ExitCodes.Usage, Run("kl", "--input", "-").Code);
        Assert.Equal(ExitCodes.Usage, Run("kl", "Normal(0, 1)", "Normal(0, 1)", "--base", "1").Code);
        Assert.Equal(ExitCodes.Usage, Run("kl", "Normal(0, 1)", "Normal(0, 1)", "--base", "bytes").Code);
    }

    [Fact]
    public void AnyBaseAboveZeroAndNotOneIsAUnit()
    {
        // D(N(0,1)‖N(1,2)) = log 2 + (1 + 1)/8 − 1/2 nats; in base 3 divide by ln 3.
        var r = Run("kl", "Normal(0, 1)", "Normal(1, 2)", "--base", "3", "--json");
        Assert.Equal(ExitCodes.Success, r.Code);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        double expected = (Math.Log(2) + 2.0 / 8 - 0.5) / Math.Log(3);
        Assert.Equal(expected, doc.RootElement.GetProperty("kl").GetDouble(), 1e-15);
    }
}
