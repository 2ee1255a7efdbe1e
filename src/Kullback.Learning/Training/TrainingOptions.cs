using Kullback.Losses;

namespace Kullback.Learning.Training;

/// <summary>The optimiser family.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum (see <see cref="Optimizers.Sgd{T}"/>).</summary>
    Sgd,
    /// <summary>Adam (see <see cref="Optimizers.Adam{T}"/>).</summary>
    Adam,
}

/// <summary>How to train: objective, targets, optimiser, schedule, seeds and threads.</summary>
public sealed record TrainingOptions
{
    /// <summary>CE or KL; the parameter updates are the same, the reported loss differs by H(P).</summary>
    public LogitObjective Objective { get; init; } = LogitObjective.KullbackLeibler;

    /// <summary>Optimiser family.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Step size η &gt; 0.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>SGD momentum μ ∈ [0, 1).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay λ ≥ 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Rows per mini-batch, ≥ 1.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Passes over the training data, ≥ 1.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Seed of initialisation, shuffling and the validation split; member m of an ensemble uses seed + m.</summary>
    public int Seed { get; init; }

    /// <summary>Threads for the matrix products, ≥ 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Label smoothing ε ∈ [0, 1): P = (1 − ε)·onehot + ε/C.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Distillation temperature T &gt; 0 (used with teacher targets): loss D(softmax(t/T)‖softmax(s/T))·T².</summary>
    public double Temperature { get; init; } = 1;

    /// <summary>Fraction of the training data held out for early stopping (0 = off).</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Epochs without a better validation cross-entropy before stopping (with a validation split).</summary>
    public int Patience { get; init; } = 3;

    /// <summary>Ensemble size M ≥ 1.</summary>
    public int Ensemble { get; init; } = 1;

    /// <summary>Checks every field; the message names the field and value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public void Validate()
    {
        static void Check(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} = {value}: {rule}");
        }
        Check(LearningRate > 0 && double.IsFinite(LearningRate), "learning rate", LearningRate, "must be finite and > 0");
        Check(Momentum >= 0 && Momentum < 1, "momentum", Momentum, "must be in [0, 1)");
        Check(WeightDecay >= 0 && double.IsFinite(WeightDecay), "weight decay", WeightDecay, "must be finite and ≥ 0");
        Check(BatchSize >= 1, "batch size", BatchSize, "must be ≥ 1");
        Check(Epochs >= 1, "epochs", Epochs, "must be ≥ 1");
        Check(Threads >= 1, "threads", Threads, "must be ≥ 1");
        Check(LabelSmoothing >= 0 && LabelSmoothing < 1, "label smoothing", LabelSmoothing, "must be in [0, 1)");
        Check(Temperature > 0 && double.IsFinite(Temperature), "temperature", Temperature, "must be finite and > 0");
        Check(ValidationFraction >= 0 && ValidationFraction < 1, "validation fraction", ValidationFraction, "must be in [0, 1)");
        Check(Patience >= 1, "patience", Patience, "must be ≥ 1");
        Check(Ensemble >= 1, "ensemble", Ensemble, "must be ≥ 1");
    }
}
