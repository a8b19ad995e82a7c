namespace SmartHomeCam.Coordination;

/// <summary>
/// The lease operations as Lua scripts: Redis runs a script atomically, so each read-compare-write below cannot
/// interleave with another replica's. A held lease is one string key, "&lt;fencing number&gt; &lt;owner id&gt;", with a
/// TTL; the fencing numbers come from INCR on a companion key that never expires.
/// </summary>
internal static class RedisLeaseScripts
{
    /// <summary>KEYS: holder, fence counter. ARGV: owner id, TTL in ms. Returns the held value, or nil when another owner holds it.</summary>
    public const string Acquire = """
        local held = redis.call('GET', KEYS[1])
        if held then
          local space = string.find(held, ' ', 1, true)
          if string.sub(held, space + 1) == ARGV[1] then
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return held
          end
          return false
        end
        local value = tostring(redis.call('INCR', KEYS[2])) .. ' ' .. ARGV[1]
        redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
        return value
        """;

    /// <summary>KEYS: holder. ARGV: the held value, TTL in ms. Returns 1 when extended, 0 when the lease is no longer this one.</summary>
    public const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    /// <summary>KEYS: holder. ARGV: the held value. Returns 1 when deleted, 0 when the lease is no longer this one.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;
}
