using System.Globalization;

namespace ScimOrleans.Bench;

/// <summary>A process's memory as Linux reports it in <c>/proc/PID/status</c> (kB lines such as <c>VmRSS</c>, <c>VmHWM</c>).</summary>
public static class ProcessMemory
{
    /// <summary>The field in MiB; null when the process or the field is not there.</summary>
    public static double? MiB(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var kb = line[(field.Length + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
