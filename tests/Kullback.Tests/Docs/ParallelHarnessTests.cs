using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Kullback.Tests.Support;

namespace Kullback.Tests.Docs;

/// <summary>
/// Issue 15, "one parallel harness": Kernels/RowPartition is the only file of src/ that calls <c>Parallel.For</c>
/// (or ForEach); any other use of the task machinery (Parallel.Invoke, Task.Run, new Thread) is named, with its file,
/// in docs/ARCHITECTURE.md's "Threads" section, which says why it is not a data-parallel loop. The CLI is a friend of
/// the core only for the harness: it references no other internal type or member of <c>Kullback.dll</c>.
/// </summary>
public partial class ParallelHarnessTests
{
    private const string Harness = "src/Kullback/Kernels/RowPartition.cs";

    /// <summary>Code lines (not comments) of every C# file under src/, by repository-relative path.</summary>
    private static IEnumerable<(string File, int Line, string Text)> SourceLines()
    {
        var root = TestPaths.RepositoryRoot;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/") || relative.Contains("/bin/")) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (!lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal)) yield return (relative, i + 1, lines[i]);
        }
    }

    [Fact]
    public void OnlyTheHarnessCallsParallelFor()
    {
        var found = SourceLines().Where(l => l.File != Harness && l.Text.Contains("Parallel.For", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToArray();
        Assert.True(found.Length == 0, "Parallel.For outside RowPartition (use RowPartition.Run / RunWithScratch / Blocks):\n" + string.Join("\n", found));
        Assert.Contains(SourceLines(), l => l.File == Harness && l.Text.Contains("Parallel.For", StringComparison.Ordinal));
    }

    [Fact]
    public void OtherTaskMachineryIsADocumentedException()
    {
        var threads = ThreadsSection(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "ARCHITECTURE.md")));
        // Named as "`Folder/File`'s `Parallel.Invoke`" (the file and the call it makes).
        var undocumented = SourceLines().Where(l => l.File != Harness)
            .SelectMany(l => TaskMachinery().Matches(l.Text).Select(m => (l.File, l.Line, l.Text, Call: m.Value)))
            .Where(l => !threads.Contains($"{Path.GetFileNameWithoutExtension(l.File)}`'s `{l.Call}`", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Call}: {l.Text.Trim()}").ToArray();
        Assert.True(undocumented.Length == 0, "task machinery not named in docs/ARCHITECTURE.md, \"Threads\":\n" + string.Join("\n", undocumented));
    }

    [Fact]
    public void TheCliUsesNoInternalOfTheCoreButTheHarness()
    {
        var core = typeof(Kullback.Measures.Entropy).Assembly;
        var cli = typeof(Kullback.Cli.Common.UsageException).Assembly;
        using var pe = new PEReader(File.OpenRead(cli.Location));
        var md = pe.GetMetadataReader();
        var used = new SortedSet<string>(StringComparer.Ordinal);
        // Every type and member the CLI's IL names, resolved as the runtime binds it (exact overload, not by name).
        foreach (var h in md.TypeReferences)
        {
            var type = cli.ManifestModule.ResolveType(MetadataTokens.GetToken(h));
            if (type.Assembly == core && !type.IsVisible) used.Add(type.FullName!);
        }
        int resolved = 0;
        foreach (var h in md.MemberReferences)
        {
            var parent = md.GetMemberReference(h).Parent;
            if (parent.Kind == HandleKind.TypeSpecification)
            {
                // Members of generic instantiations may need the CLI's generic context to resolve; none is of a core
                // type today (List<T>, Dictionary<K, V>, the compiler's closures): say so loudly if that changes.
                var generic = GenericDefinition(md, (TypeSpecificationHandle)parent);
                Assert.False(generic is { } g && cli.ManifestModule.ResolveType(MetadataTokens.GetToken(g)).Assembly == core,
                    "the CLI uses a member of a generic core type: extend this test to resolve it");
                continue;
            }
            var member = cli.ManifestModule.ResolveMember(MetadataTokens.GetToken(h))!;
            var type = member.DeclaringType!;
            if (type.Assembly != core) continue;
            resolved++;
            bool visible = type.IsVisible && member switch
            {
                MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
                FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
                _ => false,
            };
            if (!visible) used.Add(type.FullName + "." + member.Name);
        }
        Assert.True(resolved > 100, $"only {resolved} references of the CLI into the core were read");
        Assert.Equal(["Kullback.Kernels.RowPartition", "Kullback.Kernels.RowPartition.Run", "Kullback.Kernels.RowPartition.RunWithScratch"], used.ToArray());
    }

    /// <summary>The generic type of a <c>G&lt;…&gt;</c> type specification (null for arrays, pointers, generic parameters).</summary>
    private static EntityHandle? GenericDefinition(MetadataReader md, TypeSpecificationHandle spec)
    {
        var blob = md.GetBlobReader(md.GetTypeSpecification(spec).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
        blob.ReadCompressedInteger(); // CLASS or VALUETYPE
        return blob.ReadTypeHandle();
    }

    /// <summary>The text from the "## Threads" heading to the next "## " heading.</summary>
    private static string ThreadsSection(string markdown)
    {
        int start = markdown.IndexOf("\n## Threads", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/ARCHITECTURE.md has no \"## Threads\" section");
        int end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    [GeneratedRegex(@"\bParallel\.\w+|\bTask\.(Run|Factory)\b|\bnew Thread\(|\bThreadPool\.")]
    private static partial Regex TaskMachinery();
}
