namespace SmartHomeCam.GoogleSim;

/// <summary>Collects pass/fail lines as the simulation goes, printing each as it is decided.</summary>
public sealed class SimReport(TextWriter output)
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public bool Check(string name, bool ok, string? detail = null)
    {
        if (ok)
        {
            Passed++;
            output.WriteLine($"PASS  {name}");
        }
        else
        {
            Failed++;
            output.WriteLine($"FAIL  {name}{(detail is null ? "" : ": " + detail)}");
        }

        return ok;
    }

    public void Skip(string name, string why) => output.WriteLine($"SKIP  {name}: {why}");
}
