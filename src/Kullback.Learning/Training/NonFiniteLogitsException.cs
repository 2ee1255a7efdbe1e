namespace Kullback.Learning.Training;

/// <summary>
/// A row of a model's logits with NaN or +∞, or only −∞, where its softmax is taken: float32 overflowed (features far outside
/// the range the model was trained on, or a corrupt model). <see cref="Row"/> says which row, so that callers can name it.
/// </summary>
/// <param name="row">The 0-based row among the rows given.</param>
/// <param name="message">The message, naming the row and its maximum.</param>
public sealed class NonFiniteLogitsException(long row, string message) : ArgumentException(message, "logits")
{
    /// <summary>The 0-based row among the rows given.</summary>
    public long Row { get; } = row;
}
