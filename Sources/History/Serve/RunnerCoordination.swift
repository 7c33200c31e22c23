/// How several `sonarflow serve` runners on one database share work: deliveries are claimed with
/// a lease that the holder renews (``renewLeases()``) and another runner takes over once it expires
/// (``claimExpiredDeliveries(limit:)``); one runner at a time is the leader (``lead(onFollowing:whileLeading:)``),
/// which polls schedules and registers Sonar webhooks.
package protocol RunnerCoordination: Sendable {
  /// This process's id in `claimed_by`, e.g. `host-1234-3f2a`.
  var runnerID: String { get }

  /// How often the holder renews its leases; a lease lasts three intervals, so a runner that stops
  /// renewing loses its deliveries after at most that long.
  var heartbeatInterval: Duration { get }

  /// Extends the lease of every delivery this runner holds and has not finished; returns how many.
  func renewLeases() async throws -> Int

  /// Claims deliveries for `hooks` that no runner holds: their lease expired (their runner died or
  /// was cut off) or was released. Oldest first.
  func claimExpiredDeliveries(limit: Int, hooks: Set<String>) async throws -> [QueuedDelivery]

  /// Gives back the deliveries this runner holds and has not finished (at graceful shutdown), so
  /// other runners take them at once instead of after the lease.
  func releaseClaims() async throws -> Int

  /// Campaigns for leadership until cancelled: runs `whileLeading` each time this runner becomes the
  /// leader, with the number of its term (each new leader's is higher than every earlier one's),
  /// cancelling it when leadership is lost (connection lost); calls `onFollowing` after each
  /// attempt that finds another leader. Returns when `whileLeading` returns (graceful shutdown).
  func lead(
    onFollowing: @escaping @Sendable () -> Void,
    whileLeading: @escaping @Sendable (_ term: Int64) async -> Void
  ) async throws
}
