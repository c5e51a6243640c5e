using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Registry.Storage.FileSystem;

/// <summary>
/// The machine and process that write a temp file, carried in its name (<c>{machine}_{pid}_{guid}</c>), so that a sweep
/// can tell an upload abandoned by a killed process on this machine from one still running in another host that shares
/// the directory.
/// </summary>
/// <param name="Machine">The machine name, reduced to letters, digits and hyphens, lowercase.</param>
/// <param name="ProcessId">The writing process's id.</param>
internal sealed record TempFileOwner(string Machine, int ProcessId)
{
    /// <summary>This process on this machine.</summary>
    public static TempFileOwner Current { get; } = new(Sanitize(Environment.MachineName), Environment.ProcessId);

    /// <summary>Whether the writer ran on this machine (then whether it still runs can be asked).</summary>
    public bool IsThisMachine => string.Equals(Machine, Current.Machine, StringComparison.Ordinal);

    /// <summary>
    /// Whether a process with the writer's id runs on this machine; only meaningful when <see cref="IsThisMachine"/>.
    /// A reused id says "running" for a dead writer, which only defers its file to the age rule.
    /// </summary>
    public bool IsRunning
    {
        get
        {
            if (ProcessId == Environment.ProcessId)
            {
                return true;
            }

            try
            {
                using var process = Process.GetProcessById(ProcessId);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>The temp file's name, without extension, for an upload of this owner.</summary>
    public string FileName(Guid upload) =>
        string.Create(CultureInfo.InvariantCulture, $"{Machine}_{ProcessId}_{upload:N}");

    /// <summary>The owner a temp file's name (without extension) records; null for names of another form (older versions').</summary>
    public static TempFileOwner? FromFileName(string name)
    {
        var parts = name.Split('_');
        return parts.Length == 3
            && parts[0].Length > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
            && Guid.TryParseExact(parts[2], "N", out _)
                ? new TempFileOwner(parts[0], processId)
                : null;
    }

    private static string Sanitize(string machine)
    {
        var builder = new StringBuilder(machine.Length);
        foreach (var c in machine)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return builder.Length == 0 ? "unknown" : builder.ToString();
    }
}
