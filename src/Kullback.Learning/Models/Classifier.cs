using Kullback.Learning.Data;
using Kullback.Learning.Training;

namespace Kullback.Learning.Models;

/// <summary>
/// A trained classifier as saved and loaded: M ≥ 1 networks of one architecture (an ensemble when M &gt; 1),
/// the feature scaler fitted at training time, and the image shape of its inputs (0 × 0 when not images).
/// Its predictive distribution is the ensemble mean Q̄(y | x) = (1/M)·Σₘ softmax(zₘ(x)). The model owns prediction: every
/// method takes raw features, applies <see cref="Scaler"/> to a copy and runs the members, so callers never re-assemble
/// the pipeline (scale, forward, ensemble mean, temperature).
/// </summary>
public sealed class Classifier
{
    /// <summary>Creates a classifier from its parts.</summary>
    /// <exception cref="ArgumentException">No members, members of different architectures, or a scaler of the wrong width.</exception>
    public Classifier(IReadOnlyList<Network> members, FeatureScaler scaler, int imageHeight = 0, int imageWidth = 0)
    {
        if (members.Count == 0) throw new ArgumentException("a classifier needs at least one network", nameof(members));
        var spec = members[0].Spec;
        for (int m = 1; m < members.Count; m++)
            if (members[m].Spec.Describe() != spec.Describe())
                throw new ArgumentException($"member {m} is {members[m].Spec.Describe()}, member 0 is {spec.Describe()}", nameof(members));
        if (scaler.FeatureCount != spec.Inputs)
            throw new ArgumentException($"the scaler has {scaler.FeatureCount} features, the model {spec.Inputs}", nameof(scaler));
        Members = members;
        Scaler = scaler;
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
    }

    /// <summary>The architecture shared by every member.</summary>
    public ModelSpec Spec => Members[0].Spec;

    /// <summary>The ensemble members (one for a single model).</summary>
    public IReadOnlyList<Network> Members { get; }

    /// <summary>The map from raw features to model inputs.</summary>
    public FeatureScaler Scaler { get; }

    /// <summary>Image height of the inputs, or 0.</summary>
    public int ImageHeight { get; }

    /// <summary>Image width of the inputs, or 0.</summary>
    public int ImageWidth { get; }

    /// <summary>Sets the matrix-product thread count of every member.</summary>
    public int Threads
    {
        set { foreach (var m in Members) m.Threads = value; }
    }

    /// <summary>x' = (x − offset)·scale applied to a copy of raw row-major <paramref name="features"/> (rows, inputs).</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of the model's inputs.</exception>
    public float[] Scale(ReadOnlySpan<float> features)
    {
        var x = features.ToArray();
        Scaler.Apply(x);
        return x;
    }

    /// <summary>
    /// The predictive distribution Q̄ (rows, classes) on raw rows: (1/M)·Σₘ softmax(zₘ(x')/T) with x' the scaled rows
    /// (T = <paramref name="temperature"/>, default 1; T ≠ 1 softens each member, as a distillation teacher does).
    /// </summary>
    /// <param name="features">Raw features (rows, inputs) row-major.</param>
    /// <param name="threads">Matrix-product threads ≥ 1.</param>
    /// <param name="temperature">T &gt; 0 applied to each member's logits.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of the model's inputs.</exception>
    public float[] Predict(ReadOnlySpan<float> features, int threads = 1, double temperature = 1) =>
        Evaluator.Probabilities(Members, Scale(features), threads, temperature);

    /// <summary>
    /// The model's logits (rows, classes) on raw rows: z for one network, log Q̄ for an ensemble (softmax(log Q̄) = Q̄;
    /// a zero mean probability is a −∞ logit). Temperature scaling divides these by T.
    /// </summary>
    /// <exception cref="ArgumentException">The length is not a multiple of the model's inputs.</exception>
    public double[] Logits(ReadOnlySpan<float> features, int threads = 1) => Evaluator.Logits(Members, Scale(features), threads);

    /// <summary>
    /// H(P,Q) = H(P) + D(P‖Q), accuracy and ECE of the model on a raw data set (see <see cref="Evaluator.Measure"/>): targets
    /// are the labels smoothed by ε, or <paramref name="soft"/> rows; <paramref name="calibration"/> T_c divides the logits
    /// (log Q̄ for an ensemble) for every metric. Each row is softmaxed once.
    /// </summary>
    /// <exception cref="ArgumentException">The data does not fit the model, or an option is out of range.</exception>
    public SplitMetrics Evaluate(Dataset data, ReadOnlySpan<float> soft = default, double smoothing = 0, int threads = 1, double calibration = 1) =>
        Evaluator.Measure(Members, Scale(data.Features), data.Labels, soft, smoothing, 1, threads, calibration);

    /// <summary>
    /// Ensemble uncertainty on raw rows: total H(Q̄) = aleatoric (1/M)·Σₘ H(Qₘ) + epistemic (1/M)·Σₘ D(Qₘ‖Q̄), per row
    /// into <paramref name="aleatoric"/> and <paramref name="epistemic"/> (length rows), means returned
    /// (see <see cref="Evaluator.Uncertainty"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths do not fit the model.</exception>
    public (double Total, double Aleatoric, double Epistemic) Uncertainty(ReadOnlySpan<float> features, Span<double> aleatoric, Span<double> epistemic, int threads = 1) =>
        Evaluator.Uncertainty(Members, Scale(features), aleatoric, epistemic, threads);
}
