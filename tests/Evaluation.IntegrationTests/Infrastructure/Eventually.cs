namespace Evaluation.IntegrationTests.Infrastructure;

/// <summary>Waits for a condition by polling it, never by a fixed sleep; fails with the last observed value.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        T last = await probe();
        while (!done(last))
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}; last value: {last}");
            }

            last = await probe();
        }

        return last;
    }
}
