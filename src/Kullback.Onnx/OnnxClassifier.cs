using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Kullback.Onnx;

/// <summary>
/// An ONNX classifier run by ONNX Runtime: one float input [N, D] and one float output [N, C] of logits or
/// probabilities. <see cref="Logits"/> maps rows of features to logits z (for a probability output, z = log q after
/// checking that every row is a distribution), so softmax(z) is the model's Q(y | x) in both cases.
/// The session runs single-threaded per call; calls from several threads at once are safe (ONNX Runtime's Run is).
/// </summary>
public sealed class OnnxClassifier : IDisposable
{
    /// <summary>How far a probability row's sum may be from 1 (float32 softmax sums are within a few ulps of 1).</summary>
    public const double ProbabilitySumTolerance = 1e-4;

    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    private OnnxClassifier(InferenceSession session, string path, string input, string output, int features, int classes, OnnxOutputs outputs)
    {
        _session = session;
        FilePath = path;
        InputName = input;
        OutputName = output;
        Features = features;
        Classes = classes;
        Outputs = outputs;
        _outputNames = [output];
    }

    /// <summary>The model file.</summary>
    public string FilePath { get; }

    /// <summary>The graph input that receives the features.</summary>
    public string InputName { get; }

    /// <summary>The graph output read as logits or probabilities.</summary>
    public string OutputName { get; }

    /// <summary>D, the features per row the input takes, or −1 when the graph leaves it open.</summary>
    public int Features { get; }

    /// <summary>C, the classes (output columns), or −1 until the first run when the graph leaves it open.</summary>
    public int Classes { get; private set; }

    /// <summary>What the output holds.</summary>
    public OnnxOutputs Outputs { get; }

    /// <summary>
    /// Loads <paramref name="path"/> and picks its input and output: the named ones, or the only one when the graph has one.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an ONNX model ONNX Runtime loads; a missing or ambiguous input/output
    /// name; an input that is not float [N, D] or an output that is not float [N, C].</exception>
    public static OnnxClassifier Open(string path, string? inputName = null, string? outputName = null, OnnxOutputs outputs = OnnxOutputs.Logits)
    {
        if (Directory.Exists(path)) throw new FileNotFoundException($"{path}: is a directory, not an ONNX model", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: ONNX model not found", path);
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{path}: not an ONNX model that ONNX Runtime can load ({FirstLine(e.Message)})", e);
        }
        finally
        {
            options.Dispose();
        }
        try
        {
            string input = Pick(path, "input", session.InputMetadata, inputName, "--input-name");
            if (session.InputMetadata.Count > 1)
                throw new InvalidDataException($"{path}: the graph has {session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys.Select(k => $"\"{k}\""))}); kullback feeds only the N × D features, so a classifier graph with one input is needed");
            if (session.InputMetadata.Count > 1)
                throw new InvalidDataException($"{path}: the graph has {session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys.Select(k => $"\"{k}\""))}); kullback feeds only the N × D features, so a classifier graph with one input is needed");
            string output = Pick(path, "output", session.OutputMetadata, outputName, "--output-name");
            int features = Matrix(path, $"input \"{input}\"", session.InputMetadata[input], "N × D features");
            int classes = Matrix(path, $"output \"{output}\"", session.OutputMetadata[output], "N × C classes");
            if (classes == 1) throw new InvalidDataException($"{path}: output \"{output}\" has 1 column; a classifier's output is N × C with C ≥ 2 classes");
            return new OnnxClassifier(session, path, input, output, features, classes, outputs);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static string Pick(string path, string what, IReadOnlyDictionary<string, NodeMetadata> metadata, string? name, string option)
    {
        string names = string.Join(", ", metadata.Keys.Select(k => $"\"{k}\""));
        if (name is not null)
        {
            if (!metadata.ContainsKey(name)) throw new InvalidDataException($"{path}: no {what} named \"{name}\"; the graph's {what}s are {names}");
            return name;
        }
        if (metadata.Count == 1) return metadata.Keys.First();
        if (metadata.Count == 0) throw new InvalidDataException($"{path}: the graph has no {what}");
        throw new InvalidDataException($"{path}: the graph has {metadata.Count} {what}s ({names}); choose one with {option}");
    }

    /// <summary>Checks a float tensor of rank 2 and returns its second dimension (−1 when symbolic).</summary>
    private static int Matrix(string path, string what, NodeMetadata meta, string expected)
    {
        if (!meta.IsTensor) throw new InvalidDataException($"{path}: {what} is a {meta.OnnxValueType}, not a tensor; {expected} is needed");
        if (meta.ElementType != typeof(float))
            throw new InvalidDataException($"{path}: {what} holds {meta.ElementDataType}; float32 {expected} is needed");
        var dims = meta.Dimensions;
        if (dims.Length != 2)
            throw new InvalidDataException($"{path}: {what} has shape [{string.Join(", ", dims.Select((d, i) => d < 0 ? (meta.SymbolicDimensions[i] is { Length: > 0 } s ? s : "?") : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]; {expected} (2 dimensions) is needed");
        return dims[1] > 0 ? dims[1] : -1;
    }

    /// <summary>
    /// Logits z (rows × C, row-major) of <paramref name="rows"/> rows of features x (rows × D, row-major) starting at
    /// <paramref name="firstRow"/> of <paramref name="x"/>. Probability outputs become z = log q.
    /// </summary>
    /// <param name="x">All rows of features.</param>
    /// <param name="features">D, the features per row of <paramref name="x"/>.</param>
    /// <param name="firstRow">First row to run.</param>
    /// <param name="rows">Rows to run, ≥ 1.</param>
    /// <param name="logits">Destination of at least rows × C floats.</param>
    /// <exception cref="InvalidDataException">ONNX Runtime rejects the input (e.g. wrong feature count), the output is not
    /// rows × C, or a probability row is not a distribution.</exception>
    public void Logits(float[] x, int features, int firstRow, int rows, Span<float> logits)
    {
        if (Features > 0 && features != Features)
            throw new InvalidDataException($"{FilePath}: input \"{InputName}\" takes {Features} features, the data has {features}");
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            new Memory<float>(x, firstRow * features, rows * features), [rows, features]);
        IDisposableReadOnlyCollection<OrtValue> results;
        try
        {
            using var runOptions = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            results = _session.Run(runOptions, [InputName], [input], _outputNames);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{FilePath}: ONNX Runtime could not run rows {firstRow}…{firstRow + rows - 1} ({FirstLine(e.Message)})", e);
        }
        using (results)
        {
            var value = results[0];
            var info = value.GetTensorTypeAndShape();
            var shape = info.Shape;
            if (info.ElementDataType != TensorElementType.Float)
                throw new InvalidDataException($"{FilePath}: output \"{OutputName}\" holds {info.ElementDataType}; float32 is needed");
            if (shape.Length != 2 || shape[0] != rows || shape[1] < 2 || (Classes > 0 && shape[1] != Classes))
                throw new InvalidDataException($"{FilePath}: output \"{OutputName}\" is [{string.Join(", ", shape)}] for {rows} rows; {rows} × {(Classes > 0 ? Classes : "C ≥ 2")} is needed");
            int c = (int)shape[1];
            if (Classes < 0) Classes = c;
            var data = value.GetTensorDataAsSpan<float>();
            var dst = logits[..(rows * c)];
            data.CopyTo(dst);
            if (Outputs == OnnxOutputs.Probabilities) ToLogProbabilities(dst, rows, c, firstRow);
        }
    }

    private void ToLogProbabilities(Span<float> q, int rows, int c, int firstRow)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = q.Slice(r * c, c);
            double sum = 0;
            for (int i = 0; i < c; i++)
            {
                float v = row[i];
                if (!(v >= 0 && v <= 1))
                    throw new InvalidDataException($"{FilePath}: row {firstRow + r}: output \"{OutputName}\"[{i}] = {v} is not a probability; if the graph ends in logits, use --outputs logits");
                sum += v;
            }
            if (Math.Abs(sum - 1) > ProbabilitySumTolerance)
                throw new InvalidDataException($"{FilePath}: row {firstRow + r}: output \"{OutputName}\" sums to {sum:G9}, not 1; if the graph ends in logits, use --outputs logits");
            for (int i = 0; i < c; i++) row[i] = MathF.Log(row[i]);
        }
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();
}
