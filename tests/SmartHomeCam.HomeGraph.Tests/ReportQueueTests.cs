using SmartHomeCam.HomeGraph.Reporting;

namespace SmartHomeCam.HomeGraph.Tests;

public sealed class ReportQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Changes_of_one_account_coalesce_into_one_report_due_at_the_first_window()
    {
        using var queue = new ReportQueue(10, 10, TimeSpan.FromMinutes(1));
        queue.AddState("u1", ["a"], T0.AddMilliseconds(500));
        queue.AddState("u1", ["b", "a"], T0.AddMilliseconds(900));

        Assert.Empty(queue.TakeDue(T0.AddMilliseconds(499), 100));
        var due = Assert.Single(queue.TakeDue(T0.AddMilliseconds(500), 100));
        var state = Assert.IsType<StateWork>(due);
        Assert.Equal(["a", "b"], state.DeviceIds!.Order());
        Assert.Null(queue.NextDue());
    }

    [Fact]
    public void A_full_report_absorbs_device_changes()
    {
        using var queue = new ReportQueue(10, 10, TimeSpan.FromMinutes(1));
        queue.AddState("u1", null, T0);
        queue.AddState("u1", ["a"], T0);
        Assert.Null(Assert.IsType<StateWork>(Assert.Single(queue.TakeDue(T0, 100))).DeviceIds);
    }

    [Fact]
    public void Request_sync_is_debounced_but_never_past_the_max_delay()
    {
        using var queue = new ReportQueue(10, 10, TimeSpan.FromSeconds(40));
        for (var s = 0; s <= 60; s += 5)
        {
            queue.AddRequestSync("u1", T0.AddSeconds(s), TimeSpan.FromSeconds(10));
            if (s == 35)
            {
                Assert.Empty(queue.TakeDue(T0.AddSeconds(39), 100));
            }

            if (s == 40)
            {
                // Pushed back every 5 s, but due 40 s after the first change at the latest.
                Assert.IsType<RequestSyncWork>(Assert.Single(queue.TakeDue(T0.AddSeconds(40), 100)));
            }
        }
    }

    [Fact]
    public void When_full_the_oldest_notification_is_dropped_first_and_new_accounts_are_refused()
    {
        using var queue = new ReportQueue(2, 3, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 5; i++)
        {
            queue.AddNotification("u1", new PendingNotification($"e{i}", "cam", true, T0));
        }

        Assert.True(queue.AddState("u1", ["a"], T0));
        Assert.True(queue.AddState("u2", ["a"], T0));
        Assert.False(queue.AddState("u3", ["a"], T0));
        Assert.True(queue.AddState("u1", ["b"], T0)); // an account already pending still takes changes

        var due = queue.TakeDue(T0, 100);
        Assert.Equal(["e2", "e3", "e4"], due.OfType<NotificationWork>().Select(n => n.Notification.EventId));
        Assert.Equal(2, queue.DroppedNotifications);
        Assert.Equal(1, queue.DroppedStateChanges);
        Assert.Equal(2, due.OfType<StateWork>().Count());
    }

    [Fact]
    public void Unlinks_come_first_and_forget_drops_an_accounts_work()
    {
        using var queue = new ReportQueue(10, 10, TimeSpan.FromMinutes(1));
        queue.AddState("u1", ["a"], T0);
        queue.AddRequestSync("u1", T0, TimeSpan.Zero);
        queue.AddNotification("u1", new PendingNotification("e1", "a", false, T0));
        queue.AddState("u2", ["a"], T0);
        queue.Forget("u1");
        queue.AddDelete("u1", "agent-1");

        var due = queue.TakeDue(T0, 100);
        Assert.IsType<DeleteAgentUserWork>(due[0]);
        Assert.Equal(["u2"], due.OfType<StateWork>().Select(s => s.UserId));
        Assert.Equal(2, due.Count);
    }
}
