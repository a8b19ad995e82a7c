namespace SmartHomeCam.HomeGraph.Reporting;

/// <summary>
/// What is waiting to go to HomeGraph, bounded and coalescing, so an outage costs memory proportional to the
/// devices that changed, never to the events: state changes of one account merge into one pending report (the
/// latest state is read when it is sent), Request Syncs of one account into one debounced call. When full,
/// <b>notifications go first</b> (oldest dropped: they are worthless once stale), then new state changes of
/// accounts not yet pending are refused (their state is re-reported at the next change or SYNC).
/// Pure bookkeeping under one lock; the worker makes the calls.
/// </summary>
internal sealed class ReportQueue(int maxPendingAccounts, int maxPendingNotifications, TimeSpan requestSyncMaxDelay) : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, PendingState> states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingSync> syncs = new(StringComparer.Ordinal);
    private readonly LinkedList<(string UserId, PendingNotification Notification)> notifications = new();
    private readonly List<DeleteAgentUserWork> deletes = [];
    private readonly SemaphoreSlim signal = new(0, 1);

    public long DroppedNotifications { get; private set; }

    public long DroppedStateChanges { get; private set; }

    public int PendingAccounts
    {
        get
        {
            lock (gate)
            {
                return states.Count;
            }
        }
    }

    /// <summary>Adds changed devices (null: all) to the account's pending report due at <paramref name="due"/> (an earlier due wins). False when refused.</summary>
    public bool AddState(string userId, IEnumerable<string>? deviceIds, DateTimeOffset due)
    {
        lock (gate)
        {
            if (!states.TryGetValue(userId, out var pending))
            {
                if (states.Count >= maxPendingAccounts)
                {
                    DroppedStateChanges++;
                    return false;
                }

                pending = new PendingState(due);
                states[userId] = pending;
            }
            else if (due < pending.Due)
            {
                pending.Due = due;
            }

            if (deviceIds is null)
            {
                pending.All = true;
            }
            else if (!pending.All)
            {
                pending.Devices.UnionWith(deviceIds);
            }
        }

        Pulse();
        return true;
    }

    /// <summary>Debounce: each change pushes the call back to now + <paramref name="debounce"/>, but never past the first change + the max delay.</summary>
    public void AddRequestSync(string userId, DateTimeOffset now, TimeSpan debounce)
    {
        lock (gate)
        {
            if (syncs.TryGetValue(userId, out var pending))
            {
                var latest = pending.First + requestSyncMaxDelay;
                pending.Due = now + debounce < latest ? now + debounce : latest;
            }
            else
            {
                syncs[userId] = new PendingSync(now, now + debounce);
            }
        }

        Pulse();
    }

    public void AddNotification(string userId, PendingNotification notification)
    {
        lock (gate)
        {
            while (notifications.Count >= maxPendingNotifications && notifications.Count > 0)
            {
                notifications.RemoveFirst();
                DroppedNotifications++;
            }

            notifications.AddLast((userId, notification));
        }

        Pulse();
    }

    public void AddDelete(string userId, string agentUserId)
    {
        lock (gate)
        {
            deletes.Add(new DeleteAgentUserWork(userId, agentUserId));
        }

        Pulse();
    }

    /// <summary>The linking ended: nothing more for this account until it SYNCs again.</summary>
    public void Forget(string userId)
    {
        lock (gate)
        {
            states.Remove(userId);
            syncs.Remove(userId);
            for (var node = notifications.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.UserId == userId)
                {
                    notifications.Remove(node);
                }

                node = next;
            }
        }
    }

    /// <summary>Everything due by <paramref name="now"/>, most urgent first: unlinks, notifications, state, then Request Syncs.</summary>
    public List<ReportWork> TakeDue(DateTimeOffset now, int max)
    {
        var due = new List<ReportWork>();
        lock (gate)
        {
            foreach (var delete in deletes.Take(max))
            {
                due.Add(delete);
            }

            deletes.RemoveRange(0, due.Count);
            while (due.Count < max && notifications.First is { } first)
            {
                notifications.RemoveFirst();
                due.Add(new NotificationWork(first.Value.UserId, first.Value.Notification));
            }

            foreach (var (userId, pending) in states.Where(s => s.Value.Due <= now).OrderBy(s => s.Value.Due).Take(max - due.Count).ToList())
            {
                states.Remove(userId);
                due.Add(new StateWork(userId, pending.All ? null : pending.Devices));
            }

            foreach (var (userId, _) in syncs.Where(s => s.Value.Due <= now).OrderBy(s => s.Value.Due).Take(max - due.Count).ToList())
            {
                syncs.Remove(userId);
                due.Add(new RequestSyncWork(userId));
            }
        }

        return due;
    }

    /// <summary>When the next item falls due (null: nothing waits).</summary>
    public DateTimeOffset? NextDue()
    {
        lock (gate)
        {
            if (deletes.Count > 0 || notifications.Count > 0)
            {
                return DateTimeOffset.MinValue;
            }

            DateTimeOffset? next = null;
            foreach (var pending in states.Values)
            {
                next = next is null || pending.Due < next ? pending.Due : next;
            }

            foreach (var pending in syncs.Values)
            {
                next = next is null || pending.Due < next ? pending.Due : next;
            }

            return next;
        }
    }

    /// <summary>Waits for new work or the timeout.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        signal.WaitAsync(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, cancellationToken);

    public void Dispose() => signal.Dispose();

    private void Pulse()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    private sealed class PendingState(DateTimeOffset due)
    {
        public DateTimeOffset Due { get; set; } = due;

        public bool All { get; set; }

        public HashSet<string> Devices { get; } = new(StringComparer.Ordinal);
    }

    private sealed class PendingSync(DateTimeOffset first, DateTimeOffset due)
    {
        public DateTimeOffset First { get; } = first;

        public DateTimeOffset Due { get; set; } = due;
    }
}
