using System.Reflection;

namespace Kullback.Tests.Docs;

/// <summary>
/// The arrows of docs/ARCHITECTURE.md, read from the compiled assemblies' references: the core and the data readers
/// reach no other Kullback assembly, Learning never reaches the CLI or ONNX.
/// </summary>
public class DependencyGraphTests
{
    private static string[] KullbackReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Kullback", StringComparison.Ordinal)).Order().ToArray();

    [Fact]
    public void TheCoreReferencesNoOtherKullbackAssembly() =>
        Assert.Empty(KullbackReferences(typeof(Kullback.Measures.Entropy).Assembly));

    [Fact]
    public void TheDataReadersReferenceNoOtherKullbackAssembly() =>
        Assert.Empty(KullbackReferences(typeof(Kullback.Data.NpyFile).Assembly));

    [Fact]
    public void LearningReferencesOnlyTheCoreAndTheDataReaders() =>
        Assert.Equal(["Kullback", "Kullback.Data"], KullbackReferences(typeof(Kullback.Learning.Data.Dataset).Assembly));

    [Fact]
    public void TheFileFormatsLiveInTheDataAssembly()
    {
        var data = typeof(Kullback.Data.NpyFile).Assembly;
        foreach (var type in new[] { typeof(Kullback.Data.NpyFile), typeof(Kullback.Data.NpyHeader), typeof(Kullback.Data.SafetensorsFile),
                     typeof(Kullback.Data.LlamaKlBaseFile), typeof(Kullback.Data.IdxFile) })
            Assert.Same(data, type.Assembly);
        Assert.Equal("Kullback.Data", data.GetName().Name);
    }
}
