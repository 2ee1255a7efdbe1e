using Kullback.Distributions;

namespace Kullback.Cli.Kl;

/// <summary>
/// Builds a <see cref="Distribution"/> from a spec such as <c>Normal(0, 1)</c>, <c>Gamma(concentration=2, rate=3)</c>
/// or <c>MultivariateNormal([0, 0], [[1, 0.5], [0.5, 2]])</c>. Positional arguments follow torch.distributions' order;
/// named arguments use torch's names.
/// </summary>
public static class DistributionSpec
{
    private enum Shape { Scalar, Vector, Matrix }

    private sealed record Parameter(string Name, Shape Shape, double? Default = null);

    private sealed record FamilySignature(Parameter[] Parameters, Func<Arguments, Distribution> Create, string? Note = null);

    private static readonly Dictionary<string, FamilySignature> Families = new(StringComparer.Ordinal)
    {
        ["Bernoulli"] = new([new("probs", Shape.Scalar), new("logits", Shape.Scalar)],
            a => a.ProbsOrLogits() == "probs" ? new Bernoulli(a.Scalar("probs")) : Bernoulli.FromLogits(a.Scalar("logits")), "give exactly one of probs or logits"),
        ["Binomial"] = new([new("total_count", Shape.Scalar), new("probs", Shape.Scalar)], a => new Binomial(a.Count("total_count"), a.Scalar("probs"))),
        ["Categorical"] = new([new("probs", Shape.Vector), new("logits", Shape.Vector)],
            a => a.ProbsOrLogits() == "probs" ? new Categorical(a.Vector("probs")) : Categorical.FromLogits(a.Vector("logits")), "give exactly one of probs or logits"),
        ["OneHotCategorical"] = new([new("probs", Shape.Vector), new("logits", Shape.Vector)],
            a => a.ProbsOrLogits() == "probs" ? new OneHotCategorical(a.Vector("probs")) : OneHotCategorical.FromLogits(a.Vector("logits")), "give exactly one of probs or logits"),
        ["ContinuousBernoulli"] = new([new("probs", Shape.Scalar), new("logits", Shape.Scalar)],
            a => a.ProbsOrLogits() == "probs" ? new ContinuousBernoulli(a.Scalar("probs")) : ContinuousBernoulli.FromLogits(a.Scalar("logits")), "give exactly one of probs or logits"),
        ["Geometric"] = new([new("probs", Shape.Scalar)], a => new Geometric(a.Scalar("probs"))),
        ["Poisson"] = new([new("rate", Shape.Scalar)], a => new Poisson(a.Scalar("rate"))),
        ["Normal"] = new([new("loc", Shape.Scalar), new("scale", Shape.Scalar)], a => new Normal(a.Scalar("loc"), a.Scalar("scale"))),
        ["LogNormal"] = new([new("loc", Shape.Scalar), new("scale", Shape.Scalar)], a => new LogNormal(a.Scalar("loc"), a.Scalar("scale"))),
        ["HalfNormal"] = new([new("scale", Shape.Scalar)], a => new HalfNormal(a.Scalar("scale"))),
        ["Laplace"] = new([new("loc", Shape.Scalar), new("scale", Shape.Scalar)], a => new Laplace(a.Scalar("loc"), a.Scalar("scale"))),
        ["Gumbel"] = new([new("loc", Shape.Scalar), new("scale", Shape.Scalar)], a => new Gumbel(a.Scalar("loc"), a.Scalar("scale"))),
        ["Cauchy"] = new([new("loc", Shape.Scalar), new("scale", Shape.Scalar)], a => new Cauchy(a.Scalar("loc"), a.Scalar("scale"))),
        ["Exponential"] = new([new("rate", Shape.Scalar)], a => new Exponential(a.Scalar("rate"))),
        ["Gamma"] = new([new("concentration", Shape.Scalar), new("rate", Shape.Scalar)], a => new Gamma(a.Scalar("concentration"), a.Scalar("rate"))),
        ["Chi2"] = new([new("df", Shape.Scalar)], a => new Chi2(a.Scalar("df"))),
        ["Beta"] = new([new("concentration1", Shape.Scalar), new("concentration0", Shape.Scalar)], a => new Beta(a.Scalar("concentration1"), a.Scalar("concentration0"))),
        ["Dirichlet"] = new([new("concentration", Shape.Vector)], a => new Dirichlet(a.Vector("concentration"))),
        ["Uniform"] = new([new("low", Shape.Scalar), new("high", Shape.Scalar)], a => new Uniform(a.Scalar("low"), a.Scalar("high"))),
        ["Pareto"] = new([new("scale", Shape.Scalar), new("alpha", Shape.Scalar)], a => new Pareto(a.Scalar("scale"), a.Scalar("alpha"))),
        ["StudentT"] = new([new("df", Shape.Scalar), new("loc", Shape.Scalar, 0), new("scale", Shape.Scalar, 1)], a => new StudentT(a.Scalar("df"), a.Scalar("loc"), a.Scalar("scale"))),
        ["MultivariateNormal"] = new(
            [new("loc", Shape.Vector), new("covariance_matrix", Shape.Matrix), new("scale_tril", Shape.Matrix), new("scale", Shape.Vector)],
            CreateMultivariateNormal,
            "give exactly one of covariance_matrix, scale_tril or scale (the diagonal standard deviations)"),
        ["LowRankMultivariateNormal"] = new(
            [new("loc", Shape.Vector), new("cov_factor", Shape.Matrix), new("cov_diag", Shape.Vector)],
            CreateLowRankMultivariateNormal,
            "covariance cov_factor · cov_factorᵀ + diag(cov_diag); cov_factor has one row per coordinate"),
    };

    /// <summary>The family names a spec may use, with their parameters in positional order.</summary>
    public static IEnumerable<string> Signatures =>
        Families.Select(f => $"{f.Key}({string.Join(", ", f.Value.Parameters.Select(p => p.Default is { } d ? $"{p.Name}={d}" : p.Name))})");

    /// <summary>Parses <paramref name="spec"/> and constructs the distribution it names.</summary>
    /// <exception cref="SpecFormatException">The spec is malformed, names an unknown family or parameter, or gives an argument of the wrong shape (the message gives the column).</exception>
    /// <exception cref="ArgumentException">A parameter value is outside its domain (the message names parameter, value and domain).</exception>
    public static Distribution Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (family, familyColumn, arguments) = SpecSyntax.Parse(spec);
        if (!Families.TryGetValue(family, out var signature))
        {
            var match = Families.Keys.FirstOrDefault(k => k.Equals(family, StringComparison.OrdinalIgnoreCase));
            throw new SpecFormatException(spec, familyColumn,
                match is null ? $"unknown family '{family}'; known: {string.Join(", ", Families.Keys)}" : $"unknown family '{family}'; did you mean {match}?");
        }
        var bound = new Dictionary<string, SpecValue>(StringComparer.Ordinal);
        int next = 0;
        foreach (var argument in arguments)
        {
            Parameter parameter;
            if (argument.Name is null)
            {
                if (bound.Count > next)
                    throw new SpecFormatException(spec, argument.Column, "a positional argument cannot follow a named one");
                if (next >= signature.Parameters.Length)
                    throw new SpecFormatException(spec, argument.Column, $"{family} takes at most {signature.Parameters.Length} arguments: {string.Join(", ", signature.Parameters.Select(p => p.Name))}");
                parameter = signature.Parameters[next++];
            }
            else
            {
                parameter = signature.Parameters.FirstOrDefault(p => p.Name == argument.Name)
                    ?? throw new SpecFormatException(spec, argument.Column, $"{family} has no parameter '{argument.Name}'; its parameters are {string.Join(", ", signature.Parameters.Select(p => p.Name))}");
            }
            if (!bound.TryAdd(parameter.Name, argument.Value))
                throw new SpecFormatException(spec, argument.Column, $"{parameter.Name} is given twice");
            CheckShape(spec, parameter, argument.Value);
        }
        return signature.Create(new Arguments(spec, family, familyColumn, signature.Parameters, bound));
    }

    private static void CheckShape(string spec, Parameter parameter, SpecValue value)
    {
        string? problem = parameter.Shape switch
        {
            Shape.Scalar when value.Number is null => $"{parameter.Name} must be a number",
            Shape.Vector when value.Items is null || value.Items.Any(i => i.Number is null) => $"{parameter.Name} must be a list of numbers such as [0.2, 0.8]",
            Shape.Matrix when value.Items is null || value.Items.Any(r => r.Items is null || r.Items.Any(i => i.Number is null)) => $"{parameter.Name} must be a list of rows such as [[1, 0], [0, 1]]",
            _ => null,
        };
        if (problem is not null) throw new SpecFormatException(spec, value.Column, problem);
    }

    private static Distribution CreateMultivariateNormal(Arguments a)
    {
        var loc = a.Vector("loc");
        var given = new[] { "covariance_matrix", "scale_tril", "scale" }.Where(a.Has).ToList();
        if (given.Count != 1)
            throw new SpecFormatException(a.Spec, a.FamilyColumn, $"MultivariateNormal needs exactly one of covariance_matrix, scale_tril or scale; got {(given.Count == 0 ? "none" : string.Join(" and ", given))}");
        return given[0] switch
        {
            "covariance_matrix" => new MultivariateNormal(loc, a.Matrix("covariance_matrix", loc.Length)),
            "scale_tril" => MultivariateNormal.FromScaleTril(loc, a.Matrix("scale_tril", loc.Length)),
            _ => MultivariateNormal.Diagonal(loc, a.Vector("scale")),
        };
    }

    private static Distribution CreateLowRankMultivariateNormal(Arguments a)
    {
        var loc = a.Vector("loc");
        var (factor, rank) = a.Rows("cov_factor", loc.Length);
        return new LowRankMultivariateNormal(loc, factor, rank, a.Vector("cov_diag"));
    }

    private sealed class Arguments(string spec, string family, int familyColumn, Parameter[] parameters, Dictionary<string, SpecValue> bound)
    {
        public string Spec => spec;
        public int FamilyColumn => familyColumn;

        public bool Has(string name) => bound.ContainsKey(name);

        private SpecValue Get(string name)
        {
            if (bound.TryGetValue(name, out var value)) return value;
            var parameter = parameters.First(p => p.Name == name);
            if (parameter.Default is { } d) return new SpecValue(d, null, familyColumn);
            throw new SpecFormatException(spec, spec.Length, $"{family} needs {name} (parameters: {string.Join(", ", parameters.Select(p => p.Name))})");
        }

        public double Scalar(string name) => Get(name).Number!.Value;

        /// <summary>"probs" or "logits", whichever of the two was given; an error when both or neither were.</summary>
        public string ProbsOrLogits()
        {
            bool probs = Has("probs"), logits = Has("logits");
            if (probs == logits)
                throw new SpecFormatException(spec, familyColumn, $"{family} needs exactly one of probs or logits; got {(probs ? "both" : "neither")}");
            return probs ? "probs" : "logits";
        }

        /// <summary>A matrix with <paramref name="rows"/> rows of one common length r ≥ 1, row-major, and r.</summary>
        public (double[] Values, int Columns) Rows(string name, int rows)
        {
            var value = Get(name);
            var items = value.Items!;
            int columns = items.Count == 0 ? 0 : items[0].Items!.Count;
            if (items.Count != rows || columns == 0 || items.Any(r => r.Items!.Count != columns))
                throw new SpecFormatException(spec, value.Column, $"{name} must have {rows} rows (one per entry of loc) of one common length ≥ 1, got {items.Count} rows of lengths {string.Join("/", items.Select(r => r.Items!.Count))}");
            return (items.SelectMany(r => r.Items!.Select(i => i.Number!.Value)).ToArray(), columns);
        }

        public int Count(string name)
        {
            var value = Get(name);
            double x = value.Number!.Value;
            if (x > int.MaxValue && Math.Floor(x) == x)
                throw new SpecFormatException(spec, value.Column, $"{name} = {x} is above the limit of counts, {int.MaxValue} (2³¹ − 1)");
            if (!(x >= 0 && x <= int.MaxValue && Math.Floor(x) == x))
                throw new SpecFormatException(spec, value.Column, $"{name} = {x} must be a whole number ≥ 0");
            return (int)x;
        }

        public double[] Vector(string name) => Get(name).Items!.Select(i => i.Number!.Value).ToArray();

        public double[] Matrix(string name, int k)
        {
            var value = Get(name);
            var rows = value.Items!;
            if (rows.Count != k || rows.Any(r => r.Items!.Count != k))
                throw new SpecFormatException(spec, value.Column, $"{name} must be {k}×{k} to match loc, got {rows.Count} rows of lengths {string.Join("/", rows.Select(r => r.Items!.Count))}");
            return rows.SelectMany(r => r.Items!.Select(i => i.Number!.Value)).ToArray();
        }
    }
}
