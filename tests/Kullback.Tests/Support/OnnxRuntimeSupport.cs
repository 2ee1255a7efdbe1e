using System.Runtime.InteropServices;

namespace Kullback.Tests.Support;

/// <summary>
/// Where ONNX Runtime can run. Its linux-arm64 native library crashes the process (SIGSEGV while creating a session)
/// under qemu-user emulation, which CI uses for its ARM64 pass on x86 machines; a native crash cannot be caught, so
/// tests that create an ONNX Runtime session skip there — visibly, with this reason — and run everywhere else
/// (x86-64 at every SIMD level, real ARM64 machines). Emulation is recognised by the x86 host's /proc/cpuinfo
/// (vendor_id/flags lines, which an ARM64 kernel never writes) or by the process name qemu gives its guest.
/// </summary>
public static class OnnxRuntimeSupport
{
    public const string EmulatedArm64Reason =
        "ONNX Runtime's linux-arm64 library crashes (SIGSEGV) under qemu-user emulation; this test runs on x86-64 and real ARM64";

    public static bool IsEmulatedArm64 { get; } = Detect();

    private static bool Detect()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.Arm64) return false;
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var cpu = File.ReadAllText("/proc/cpuinfo");
                if (cpu.Contains("vendor_id", StringComparison.Ordinal) || cpu.Contains("\nflags", StringComparison.Ordinal)) return true;
            }
            if (File.Exists("/proc/self/status"))
            {
                var name = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Name:", StringComparison.Ordinal)) ?? "";
                if (name.Contains("qemu", StringComparison.OrdinalIgnoreCase)) return true;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return false;
    }

    /// <summary>Skips the calling test under ARM64 emulation (see the class remarks).</summary>
    public static void SkipIfEmulatedArm64() => Assert.SkipWhen(IsEmulatedArm64, EmulatedArm64Reason);
}
