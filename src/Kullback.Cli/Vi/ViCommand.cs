using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Distributions;
using Kullback.Learning.Data;
using Kullback.Learning.Variational;
using Spectre.Console;

namespace Kullback.Cli.Vi;

/// <summary>
/// <c>kullback vi</c>: Gaussian variational inference for Bayesian linear or logistic regression, maximising
/// ELBO(q) = E_q[log p(y | w)] − D(q‖p(w)) = log p(y) − D(q‖p(w | y)).
/// </summary>
public static class ViCommand
{
    private const string Linear = "bayesian-linear-regression";
    private const string Logistic = "bayesian-logistic-regression";

    /// <summary>Builds the <c>vi</c> verb.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"{Linear} or {Logistic}", Required = true };
        var data = new Option<string?>("--data") { Description = "CSV without header, last column the target (0/1 labels for logistic); default the bundled copy of data/diabetes.csv (linear) or data/breast-cancer.csv.gz (logistic), shipped inside the tool" };
        var priorStd = new Option<double>("--prior-std") { Description = "s: the scale of the prior on every weight (intercept and standardised features): N(0, s²), Laplace(0, s) or StudentT(ν, 0, s)", Required = true };
        var priorFamily = new Option<string>("--prior") { Description = "normal (default; D(q‖prior) in closed form), or for logistic regression laplace or studentt (D(q‖prior) by Monte Carlo)", DefaultValueFactory = _ => "normal" };
        var priorDf = new Option<double>("--prior-df") { Description = "ν of the studentt prior", DefaultValueFactory = _ => 3 };
        var noiseStd = new Option<double?>("--noise-std") { Description = "σ: known noise standard deviation of linear regression, y = Φw + N(0, σ²)" };
        var family = new Option<string>("--family") { Description = "full-covariance (Cholesky) or mean-field", DefaultValueFactory = _ => "full-covariance" };
        var seed = new Option<int>("--seed") { Description = "Seed of the reparameterisation and predictive draws", DefaultValueFactory = _ => 0 };
        var iterations = new Option<int>("--iterations") { Description = "Adam steps", DefaultValueFactory = _ => 5000 };
        var learningRate = new Option<double>("--learning-rate") { Description = "Initial Adam step size in whitened prior coordinates (cosine-decayed to 1/1000 of it)", DefaultValueFactory = _ => 0.5 };
        var samples = new Option<int>("--samples") { Description = "Reparameterisation draws per step when E_q[log p(y | w)] has no closed form", DefaultValueFactory = _ => 16 };
        var json = new Option<bool>("--json") { Description = "Write the result as one JSON line (progress still goes to stderr)" };
        var report = new Option<string?>("--report") { Description = "Write an HTML report (ELBO trace; per-example uncertainty for logistic) into this folder" };

        var command = new Command("vi", "Variational inference: fit a Gaussian q(w) by maximising ELBO = E_q[log p(y|w)] − D(q‖prior) = log p(y) − D(q‖posterior).");
        foreach (var option in new Option[] { model, data, priorStd, priorFamily, priorDf, noiseStd, family, seed, iterations, learningRate, samples, json, report }) command.Options.Add(option);

        command.SetAction(parse =>
        {
            OutputPaths.CheckFolder("--report", parse.GetValue(report));
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string modelName = parse.GetValue(model)!;
            if (modelName is not (Linear or Logistic)) throw new UsageException($"--model {modelName}: expected {Linear} or {Logistic}");
            var covariance = parse.GetValue(family) switch
            {
                "full-covariance" => CovarianceFamily.FullCovariance,
                "mean-field" => CovarianceFamily.MeanField,
                var f => throw new UsageException($"--family {f}: expected full-covariance or mean-field"),
            };
            double s = parse.GetValue(priorStd);
            if (!(s > 0) || !double.IsFinite(s)) throw new UsageException($"--prior-std {s}: must be > 0");
            double? sigma = parse.GetValue(noiseStd);
            if (modelName == Linear && sigma is null) throw new UsageException("--noise-std is required for bayesian-linear-regression");
            if (modelName == Logistic && sigma is not null) throw new UsageException("--noise-std applies to bayesian-linear-regression only");
            if (sigma is { } sg && (!(sg > 0) || !double.IsFinite(sg))) throw new UsageException($"--noise-std {sg}: must be > 0");
            string priorName = parse.GetValue(priorFamily)!;
            if (priorName is not ("normal" or "laplace" or "studentt")) throw new UsageException($"--prior {priorName}: expected normal, laplace or studentt");
            if (modelName == Linear && priorName != "normal") throw new UsageException("bayesian-linear-regression takes --prior normal only (its evidence is exact for a Gaussian prior)");
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            if (Given(priorDf) && priorName != "studentt") throw new UsageException($"--prior-df is ν of --prior studentt; it does not apply to --prior {priorName}");
            if (Given(samples) && modelName == Linear)
                throw new UsageException("--samples sets Monte Carlo draws where E_q[log p(y | w)] has no closed form; bayesian-linear-regression has one");
            double df = parse.GetValue(priorDf);
            if (!(df > 0) || !double.IsFinite(df)) throw new UsageException($"--prior-df {df}: must be > 0");
            UnivariateDistribution? marginal = priorName switch { "laplace" => new Laplace(0, s), "studentt" => new StudentT(df, 0, s), _ => null };
            int steps = parse.GetValue(iterations);
            if (steps < 1) throw new UsageException($"--iterations {steps}: must be ≥ 1");
            Limits.AtMost("--iterations", steps, Limits.ViIterations, "Adam steps; the ELBO trace keeps one value per step");
            int draws = parse.GetValue(samples);
            if (draws < 1) throw new UsageException($"--samples {draws}: must be ≥ 1");
            Limits.AtMost("--samples", draws, Limits.ViSamples, "draws per step");
            double lr = parse.GetValue(learningRate);
            if (!(lr > 0) || !double.IsFinite(lr)) throw new UsageException($"--learning-rate {lr}: must be finite and > 0");
            int seedValue = parse.GetValue(seed);
            // Without --data the bundled data set is read from the tool itself (as train's digits), so vi runs from any directory.
            string? given = parse.GetValue(data);
            if (given is not null && !File.Exists(given)) throw new UsageException($"--data {given}: {(Directory.Exists(given) ? "is a folder, not a CSV file" : "file not found")}");
            string path = given ?? BundledPrefix + (modelName == Linear ? "diabetes.csv" : "breast-cancer.csv.gz");

            var options = new VariationalOptions(covariance, steps, lr, draws, Seed: seedValue);
            var run = WithProgress(error, steps, progress => modelName == Linear
                ? RunLinear(path, s, sigma!.Value, options, progress)
                : RunLogistic(path, s, marginal, options, progress, seedValue));

            if (parse.GetValue(report) is { } dir)
            {
                string index = ViReport.Write(dir, run);
                if (!parse.GetValue(json)) output.WriteLine($"report: {index}");
            }
            if (parse.GetValue(json)) output.WriteLine(ToJson(run));
            else WriteText(output, run);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Runs <paramref name="fit"/> showing progress on <paramref name="error"/>: a live bar with the current ELBO when it is an
    /// interactive terminal, else a plain line every tenth of the steps.
    /// </summary>
    private static ViRun WithProgress(TextWriter error, int steps, Func<Action<int, double>, ViRun> fit)
    {
        bool terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!terminal)
        {
            int every = Math.Max(1, steps / 10);
            return fit((t, elbo) =>
            {
                if (t % every == 0 || t == 1) error.WriteLine($"vi: iteration {t}/{steps}  ELBO {Format(elbo)}");
            });
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        ViRun? result = null;
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("ELBO", maxValue: steps);
                result = fit((t, elbo) =>
                {
                    task.Value = t;
                    if (t % 50 == 0 || t == 1) task.Description = $"ELBO {Format(elbo)}";
                });
            });
        return result!;
    }

    private const string BundledPrefix = "bundled ";

    private static bool IsBundled(string path, out string name)
    {
        name = path.StartsWith(BundledPrefix, StringComparison.Ordinal) ? path[BundledPrefix.Length..] : "";
        return name.Length > 0 && !File.Exists(path);
    }

    /// <summary>A data set shipped inside the tool (data/diabetes.csv, data/breast-cancer.csv.gz).</summary>
    private static Stream Bundled(string name) => typeof(ViCommand).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"the bundled data set {name} is missing from this build");

    /// <summary>Everything one run produced.</summary>
    internal sealed record ViRun(string Model, string Data, CovarianceFamily Family, string Prior, double? NoiseStd, int Rows, int Weights,
        VariationalFit Fit, double? LogEvidence, double? KlToPosterior, PredictiveUncertainty[]? Predictive, int[]? Labels);

    private static ViRun RunLinear(string path, double priorStd, double noiseStd, VariationalOptions options, Action<int, double> progress)
    {
        var (x, y, rows, features) = IsBundled(path, out var bundledName)
            ? RegressionCsv.Read(new StreamReader(Bundled(bundledName)), bundledName)
            : RegressionCsv.Load(path);
        var phi = DesignMatrix.Standardized(x, rows, features);
        var model = new BayesianLinearRegression(phi.Values, y, phi.Columns, priorStd, noiseStd);
        var fit = VariationalInference.Fit(model, options, progress);
        double klPosterior = KlRegistry.Default.Divergence(fit.Q, model.Posterior());
        return new ViRun(Linear, path, options.Family, $"N(0, {Format(priorStd)}² I)", noiseStd, rows, phi.Columns, fit, model.LogEvidence(), klPosterior, null, null);
    }

    private static ViRun RunLogistic(string path, double priorStd, UnivariateDistribution? marginal, VariationalOptions options, Action<int, double> progress, int seed)
    {
        var data = IsBundled(path, out var bundledName) ? CsvDataset.Read(Bundled(bundledName), name: bundledName) : CsvDataset.Load(path);
        if (data.Classes != 2) throw new InvalidDataException($"{path}: logistic regression needs labels 0 and 1, found {data.Classes} classes");
        var x = new double[data.Features.Length];
        for (int i = 0; i < x.Length; i++) x[i] = data.Features[i];
        var phi = DesignMatrix.Standardized(x, data.Rows, data.FeatureCount);
        var model = marginal is null
            ? new BayesianLogisticRegression(phi.Values, data.Labels, phi.Columns, priorStd)
            : new BayesianLogisticRegression(phi.Values, data.Labels, phi.Columns, new Independent(marginal, phi.Columns));
        var fit = VariationalInference.Fit(model, options, progress);
        var predictive = LogisticPredictive.Predict(fit.Q, phi.Values, phi.Rows, 2000, new Random(seed + 1));
        string prior = marginal is null ? $"N(0, {Format(priorStd)}² I)" : $"{marginal} on each weight";
        return new ViRun(Logistic, path, options.Family, prior, null, data.Rows, phi.Columns, fit, null, null, predictive, data.Labels);
    }

    internal static double Accuracy(ViRun run) =>
        run.Predictive!.Select((p, i) => (p.Probability >= 0.5 ? 1 : 0) == run.Labels![i] ? 1.0 : 0.0).Average();

    private static string ToJson(ViRun run)
    {
        return JsonOut.Object(w =>
        {
            w.WriteString("model", run.Model);
            w.WriteString("family", run.Family == CovarianceFamily.FullCovariance ? "full-covariance" : "mean-field");
            JsonOut.WriteNumber(w, "elbo", run.Fit.Elbo);
            if (!run.Fit.ClosedForm) JsonOut.WriteNumber(w, "elbo_standard_error", run.Fit.ElboStandardError);
            if (run.LogEvidence is { } logEvidence) JsonOut.WriteNumber(w, "log_evidence", logEvidence);
            if (run.KlToPosterior is { } klPosterior) JsonOut.WriteNumber(w, "kl_q_posterior", klPosterior);
            JsonOut.WriteNumber(w, "kl_q_prior", run.Fit.KlToPrior);
            if (run.Fit.KlToPriorStandardError > 0) JsonOut.WriteNumber(w, "kl_q_prior_standard_error", run.Fit.KlToPriorStandardError);
            w.WriteString("prior", run.Prior);
            JsonOut.WriteNumber(w, "expected_log_likelihood", run.Fit.ExpectedLogLikelihood);
            w.WriteNumber("iterations", run.Fit.Iterations);
            w.WriteNumber("rows", run.Rows);
            w.WriteNumber("weights", run.Weights);
            if (run.Predictive is { } p)
            {
                w.WritePropertyName("predictive");
                w.WriteStartObject();
                JsonOut.WriteNumber(w, "accuracy", Accuracy(run));
                JsonOut.WriteNumber(w, "mean_entropy", p.Average(u => u.Total));
                JsonOut.WriteNumber(w, "mean_aleatoric", p.Average(u => u.Aleatoric));
                JsonOut.WriteNumber(w, "mean_epistemic", p.Average(u => u.Epistemic));
                w.WriteEndObject();
            }
        });
    }

    private static void WriteText(TextWriter output, ViRun run)
    {
        output.WriteLine($"{run.Model} on {run.Data}: {run.Rows} rows, {run.Weights} weights (intercept + standardised features), prior {run.Prior}{(run.NoiseStd is { } s ? $", noise σ = {Format(s)}" : "")}");
        output.WriteLine($"q: {(run.Family == CovarianceFamily.FullCovariance ? "full-covariance" : "mean-field")} Gaussian, {run.Fit.Iterations} Adam steps");
        output.WriteLine($"ELBO            {Format(run.Fit.Elbo)}{(run.Fit.ClosedForm ? " (exact)" : $" ± {Format(run.Fit.ElboStandardError)} (Monte Carlo)")}");
        if (run.LogEvidence is { } e) output.WriteLine($"log evidence    {Format(e)} (exact)");
        if (run.KlToPosterior is { } k) output.WriteLine($"D(q‖posterior)  {Format(k)} = log evidence − ELBO");
        output.WriteLine($"D(q‖prior)      {Format(run.Fit.KlToPrior)}{(run.Fit.KlToPriorStandardError > 0 ? $" ± {Format(run.Fit.KlToPriorStandardError)} (Monte Carlo: no closed form for this prior)" : "")}");
        if (run.Predictive is { } p)
        {
            output.WriteLine($"posterior predictive: accuracy {Format(Accuracy(run))}, mean entropy {Format(p.Average(u => u.Total))} = aleatoric {Format(p.Average(u => u.Aleatoric))} + epistemic {Format(p.Average(u => u.Epistemic))} nats");
        }
    }

    internal static string Format(double value) => value.ToString("G10", CultureInfo.InvariantCulture);
}
