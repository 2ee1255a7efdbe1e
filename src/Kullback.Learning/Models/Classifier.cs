using Kullback.Learning.Data;

namespace Kullback.Learning.Models;

/// <summary>
/// A trained classifier as saved and loaded: M ≥ 1 networks of one architecture (an ensemble when M &gt; 1),
/// the feature scaler fitted at training time, and the image shape of its inputs (0 × 0 when not images).
/// Its predictive distribution is the ensemble mean Q̄(y | x) = (1/M)·Σₘ softmax(zₘ(x)).
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
}
