using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;

namespace Kullback.Tests.Packaging;

/// <summary>
/// Issue 10, item 24: the shipped assemblies are built deterministically with portable PDBs that embed the sources git
/// does not track (generated files) and, in a CI build (ContinuousIntegrationBuild, paths mapped to /_/), a SourceLink map
/// from /_/* to the repository's raw files at the built commit. What a local build without a git remote cannot carry
/// (the SourceLink map needs the remote's URL) is documented in docs/packaging.md.
/// </summary>
public class PdbMetadataTests
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    public static TheoryData<string> ShippedAssemblies() => ["Kullback", "Kullback.Learning", "Kullback.Onnx", "Kullback.Cli"];

    [Theory]
    [MemberData(nameof(ShippedAssemblies))]
    public void TheAssemblyIsDeterministicAndItsPdbIsPortableWithItsUntrackedSourcesEmbedded(string name)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        using (var pe = new PEReader(File.OpenRead(dll)))
        {
            var entries = pe.ReadDebugDirectory();
            // Deterministic builds write a Reproducible entry (the timestamp is then a hash of the content, not a time).
            Assert.Contains(entries, e => e.Type == DebugDirectoryEntryType.Reproducible);
            Assert.Contains(entries, e => e.Type == DebugDirectoryEntryType.CodeView && e.IsPortableCodeView);
        }

        using var provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, name + ".pdb")));
        var pdb = provider.GetMetadataReader();
        var documents = pdb.Documents.Select(h => pdb.GetString(pdb.GetDocument(h).Name)).ToList();
        Assert.Contains(documents, d => d.Replace('\\', '/').Contains($"src/{name}/", StringComparison.Ordinal) || d.StartsWith("/_/", StringComparison.Ordinal));

        var embedded = new List<string>();
        string? sourceLink = null;
        foreach (var h in pdb.CustomDebugInformation)
        {
            var info = pdb.GetCustomDebugInformation(h);
            var kind = pdb.GetGuid(info.Kind);
            if (kind == EmbeddedSourceKind && info.Parent.Kind == HandleKind.Document)
                embedded.Add(pdb.GetString(pdb.GetDocument((DocumentHandle)info.Parent).Name));
            if (kind == SourceLinkKind) sourceLink = Encoding.UTF8.GetString(pdb.GetBlobBytes(info.Value));
        }
        // EmbedUntrackedSources: the generated files (AssemblyInfo, global usings) are in the PDB, tracked sources are not.
        Assert.Contains(embedded, d => d.EndsWith("AssemblyInfo.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(embedded, d => d.Replace('\\', '/').Contains($"src/{name}/", StringComparison.Ordinal) && !d.Contains("/obj/", StringComparison.Ordinal));

        bool continuousIntegration = documents.All(d => d.StartsWith("/_/", StringComparison.Ordinal));
        if (continuousIntegration && OriginIsOnGitHub())
        {
            // A CI build of a clone of the hosted repository maps every path to its raw files at one commit.
            Assert.NotNull(sourceLink);
            var map = JsonDocument.Parse(sourceLink!).RootElement.GetProperty("documents");
            string url = map.GetProperty("/_/*").GetString()!;
            Assert.Matches("^https://raw\\.githubusercontent\\.com/[^/]+/[^/]+/[0-9a-f]{40}/\\*$", url);
        }
        else if (continuousIntegration)
        {
            // A CI build of a clone whose origin is not a hosted repository (a local path, no remote): SourceLink has no
            // URL to map to, so the PDB carries no map at all rather than a wrong one (docs/packaging.md).
            Assert.Null(sourceLink);
        }
        else
        {
            // A local build keeps the machine's paths; without ContinuousIntegrationBuild nothing is mapped to /_/.
            Assert.DoesNotContain(documents, d => d.StartsWith("/_/", StringComparison.Ordinal));
        }
    }

    /// <summary>Whether the checkout's <c>origin</c> remote is a GitHub repository (https or ssh form); false without git or a remote.</summary>
    private static bool OriginIsOnGitHub()
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-C", Support.TestPaths.RepositoryRoot, "remote", "get-url", "origin" }) start.ArgumentList.Add(a);
            using var git = System.Diagnostics.Process.Start(start)!;
            string url = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && (url.StartsWith("https://github.com/", StringComparison.Ordinal) || url.StartsWith("git@github.com:", StringComparison.Ordinal));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no git on the machine
        }
    }
}
