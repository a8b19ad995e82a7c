namespace SmartHomeCam.Testing;

/// <summary>Waits, in real time and bounded, for something another thread or process does (a notice, a session, a delivery).</summary>
public static class Poll
{
    public static Task UntilAsync(Func<bool> condition, TimeSpan within, string what = "condition", Action? eachPoll = null) =>
        UntilAsync(() => Task.FromResult(condition()), within, what, eachPoll);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what = "condition", Action? eachPoll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + within;
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{what} not reached within {within.TotalSeconds:0.#} s");
            }

            eachPoll?.Invoke();
            await Task.Delay(25).ConfigureAwait(false);
        }
    }
}
