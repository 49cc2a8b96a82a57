namespace Faas.Idempotency;

/// <summary>
/// The Lua scripts that change records, each one atomic step on one hash with Powertools' field names (<c>status</c>,
/// <c>expiration</c> in epoch seconds, <c>in_progress_expiration</c> in epoch milliseconds, <c>data</c>,
/// <c>validation</c>) plus <c>owner</c>, the token of the run holding the key, so a run whose claim was taken over
/// cannot complete or delete the new run's record. The key itself expires with the record (<c>PEXPIREAT</c>), so a
/// lost run's <c>INPROGRESS</c> record goes away on its own.
/// </summary>
internal static class RedisScripts
{
    /// <summary>ARGV: now (ms), in-progress expiration (ms), expiration (s), validation ('' for none), owner. Answers {status[, data | in-progress expiration]}.</summary>
    public const string Begin = """
        local r = redis.call('HMGET', KEYS[1], 'status', 'expiration', 'in_progress_expiration', 'validation', 'data')
        local now = tonumber(ARGV[1])
        local live = (r[1] == 'COMPLETED' and tonumber(r[2]) * 1000 > now) or (r[1] == 'INPROGRESS' and tonumber(r[3]) > now)
        if live then
          if ARGV[4] ~= '' and r[4] and r[4] ~= '' and r[4] ~= ARGV[4] then
            return {'MISMATCH'}
          end
          if r[1] == 'COMPLETED' then
            return {'COMPLETED', r[5] or ''}
          end
          return {'INPROGRESS', r[3]}
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'status', 'INPROGRESS', 'expiration', ARGV[3], 'in_progress_expiration', ARGV[2], 'validation', ARGV[4], 'owner', ARGV[5])
        redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        return {'ACQUIRED'}
        """;

    /// <summary>ARGV: owner, expiration (s), data, expiration (ms), validation, channel. Answers 1 when stored, 0 when another run holds the key.</summary>
    public const string Complete = """
        local owner = redis.call('HGET', KEYS[1], 'owner')
        if owner and owner ~= ARGV[1] then
          return 0
        end
        redis.call('HSET', KEYS[1], 'status', 'COMPLETED', 'expiration', ARGV[2], 'data', ARGV[3], 'validation', ARGV[5], 'owner', ARGV[1])
        redis.call('HDEL', KEYS[1], 'in_progress_expiration')
        redis.call('PEXPIREAT', KEYS[1], ARGV[4])
        redis.call('PUBLISH', ARGV[6], KEYS[1])
        return 1
        """;

    /// <summary>ARGV: owner, channel. Deletes the record only while the owner holds it; always wakes waiters.</summary>
    public const string Release = """
        if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then
          redis.call('DEL', KEYS[1])
        end
        redis.call('PUBLISH', ARGV[2], KEYS[1])
        return 1
        """;
}
