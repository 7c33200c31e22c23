import Basics
import Foundation
package import History
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// Delivery leases and leader election for runners sharing the database.
///
/// The leader holds a session-level advisory lock (one key per schema) on a connection of its own,
/// outside the pool, and checks it with a query every ``heartbeatInterval``. The lock goes with
/// the session: when the leader's process dies the server drops the connection and the lock at
/// once; when the network is cut, the leader steps down after a failed check (at most two
/// intervals) while the server keeps the lock until TCP keepalive (set to about three intervals
/// on this session) closes the dead connection, so two leaders never act at once.
extension PostgresHistory: RunnerCoordination {
  package func renewLeases() async throws -> Int {
    let lease = leaseDuration.wholeMilliseconds
    return try await access {
      try await client.withConnection { connection in
        try await Self.count(
          """
          UPDATE \(unescaped: schema.webhookQueue)
          SET lease_until = now() + \(lease) * interval '1 millisecond'
          WHERE claimed_by = \(runnerID) AND done = 0 RETURNING 1
          """, connection: connection, logger: logger)
      }
    }
  }

  package func claimExpiredDeliveries(
    limit: Int, hooks: Set<String>
  ) async throws
    -> [QueuedDelivery]
  {
    try await claim(limit: limit, hooks: hooks, includingOwn: false)
  }

  package func releaseClaims() async throws -> Int {
    try await access {
      try await client.withConnection { connection in
        try await Self.count(
          """
          UPDATE \(unescaped: schema.webhookQueue) SET claimed_by = NULL, lease_until = NULL
          WHERE claimed_by = \(runnerID) AND done = 0 RETURNING 1
          """, connection: connection, logger: logger)
      }
    }
  }

  package func lead(
    onFollowing: @escaping @Sendable () -> Void,
    whileLeading: @escaping @Sendable (_ term: Int64) async -> Void
  ) async throws {
    let key = leaderLockKey
    // From now on this store's poll commits carry a term: none until it leads.
    term.withLock { $0 = .following }
    defer { term.withLock { $0 = .following } }
    while !Task.isCancelled {
      let connection: PostgresConnection
      do {
        connection = try await connectForLeadership()
      } catch {
        logger.warning(
          "leader election: cannot connect", metadata: ["error": "\(Self.reason(error))"])
        onFollowing()
        try await Task.sleep(for: heartbeatInterval)
        continue
      }
      do {
        // A follower keeps its session and tries again every heartbeat; a leader whose session
        // failed reconnects.
        while !Task.isCancelled {
          // The lock and, if it was free, a new term (nil: another runner leads). Bounded, like
          // the leader's check: a session cut off by the network would hang.
          let epoch = try await Self.withinTimeout(max(heartbeatInterval, .seconds(1))) { () -> Int64? in
            guard try await self.tryLock(key, on: connection) else { return nil }
            return try await self.beginTerm(on: connection)
          }
          if let epoch {
            term.withLock { $0 = .leading(epoch: epoch) }
            defer { term.withLock { $0 = .following } }
            let finished = try await holdLeadership(on: connection) { await whileLeading(epoch) }
            if finished {
              // Ending the session releases the lock (an explicit unlock could wait forever on a
              // session the server has ended).
              try? await connection.close()
              return
            }
            break
          }
          onFollowing()
          try await Task.sleep(for: heartbeatInterval)
        }
      } catch is CancellationError {
        try? await connection.close()
        throw CancellationError()
      } catch {
        logger.warning("leader election: lost the database", metadata: ["error": "\(Self.reason(error))"])
      }
      try? await connection.close()
      try await Task.sleep(for: heartbeatInterval)
    }
    throw CancellationError()
  }

  /// The advisory lock the leader holds on its session, one per schema. `pg_locks` shows it as
  /// `classid` (the high 32 bits) and `objid` (the low 32 bits) with `objsubid = 1`.
  package var leaderLockKey: Int64 {
    Int64(bitPattern: Self.stableHash("sonarflow.leader.\(configuration.schema)"))
  }

  /// A unique-enough id: host name, process id and a random suffix (a restarted process on the
  /// same host must not inherit the claims of the one that died).
  package static func defaultRunnerID() -> String {
    let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "runner"
    let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
  }

  /// Runs `whileLeading` while the lock's session answers; returns true when `whileLeading`
  /// returned (shutdown), false when the session failed (leadership lost, `whileLeading` cancelled).
  private func holdLeadership(
    on connection: PostgresConnection, whileLeading: @escaping @Sendable () async -> Void
  ) async throws -> Bool {
    let interval = heartbeatInterval
    // At least a second, so a loaded machine with a short heartbeat does not flap; stepping down
    // still takes at most interval + timeout, before the server drops the session (3 × keepalive).
    let timeout = max(interval, .seconds(1))
    let logger = self.logger
    return try await withThrowingTaskGroup(of: Bool.self) { group in
      group.addTask {
        await whileLeading()
        return true
      }
      group.addTask {
        while true {
          try await Task.sleep(for: interval)
          try await Self.check(connection, timeout: timeout, logger: logger)
        }
      }
      defer { group.cancelAll() }
      guard let first = try await group.next() else { return false }
      return first
    }
  }

  private func tryLock(_ key: Int64, on connection: PostgresConnection) async throws -> Bool {
    var acquired = false
    let rows = try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: logger)
    for try await value in rows.decode(Bool.self) { acquired = value }
    return acquired
  }

  /// Starts a new leadership term: increments the `leadership` row's epoch (creating it at 1) and
  /// returns it. The increment waits for poll commits of the previous term still in progress,
  /// which hold a share lock on the row; any arriving later find the new epoch and are refused.
  private func beginTerm(on connection: PostgresConnection) async throws -> Int64 {
    let rows = try await connection.query(
      """
      INSERT INTO \(unescaped: schema.leadership) AS current (id, epoch, runner_id, since)
      VALUES (1, 1, \(runnerID), now())
      ON CONFLICT (id) DO UPDATE
        SET epoch = current.epoch + 1, runner_id = excluded.runner_id, since = excluded.since
      RETURNING epoch
      """, logger: logger)
    var epoch: Int64?
    for try await value in rows.decode(Int64.self) { epoch = value }
    guard let epoch else { throw PostgresHistoryError.database(reason: "the leadership row returned no epoch") }
    return epoch
  }

  /// `SELECT 1` answered within `timeout`, else throws.
  private static func check(
    _ connection: PostgresConnection, timeout: Duration, logger: Logger
  )
    async throws
  {
    try await withinTimeout(timeout) {
      _ = try await connection.query("SELECT 1", logger: logger)
    }
  }

  /// `body`'s result if it comes within `timeout`; else throws (and cancels `body`, without
  /// waiting for it: a query on a session the server ended may never answer).
  private static func withinTimeout<T: Sendable>(
    _ timeout: Duration, _ body: @escaping @Sendable () async throws -> T
  ) async throws -> T {
    do {
      return try await Deadline.run(within: timeout, body)
    } catch is Deadline.Expired {
      throw PostgresHistoryError.database(reason: "the leader election's session did not answer within \(timeout)")
    }
  }

  private func connectForLeadership() async throws -> PostgresConnection {
    let tls: PostgresConnection.Configuration.TLS =
      switch configuration.tls {
      case .disable: .disable
      case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
      case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
      }
    var connectionConfiguration = PostgresConnection.Configuration(
      host: configuration.host, port: configuration.port, username: configuration.username,
      password: configuration.password, database: configuration.database, tls: tls)
    connectionConfiguration.options.connectTimeout = .seconds(
      Int64(configuration.connectTimeout.wholeMilliseconds / 1000))
    // The server drops this session (and the lock) about three intervals after the runner
    // vanishes from the network.
    let keepalive = max(1, heartbeatInterval.wholeMilliseconds / 1000)
    connectionConfiguration.options.additionalStartupParameters = [
      ("application_name", "sonarflow-leader"),
      ("tcp_keepalives_idle", "\(keepalive)"), ("tcp_keepalives_interval", "\(keepalive)"),
      ("tcp_keepalives_count", "2"),
    ]
    return try await PostgresConnection.connect(
      on: MultiThreadedEventLoopGroup.singleton.next(), configuration: connectionConfiguration,
      id: 1, logger: logger
    ).get()
  }
}
