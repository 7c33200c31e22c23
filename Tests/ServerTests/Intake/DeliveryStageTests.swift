import Foundation
import History
import Synchronization
import Testing

@testable import Server

@Suite struct DeliveryStageTests {
  private func delivery(_ id: String) -> QueuedDelivery {
    QueuedDelivery(id: id, hook: "h", dedupeKey: id, body: "{}", receivedAt: Date())
  }

  /// A stand-in for the database's pending rows.
  final class Pending: Sendable {
    let rows = Mutex<[QueuedDelivery]>([])
    func read(_ limit: Int) -> [QueuedDelivery] { rows.withLock { Array($0.prefix(limit)) } }
    func done(_ id: String) { rows.withLock { $0.removeAll { $0.id == id } } }
  }

  @Test func overflowGoesToTheDatabaseAndIsReadBackOnce() async throws {
    let pending = Pending()
    let stage = DeliveryStage(capacity: 2) { limit in pending.read(limit) }
    var handedOut: [String] = []
    // Start: nothing pending; the first next() refills from the (empty) database and waits.
    for id in ["a", "b", "c", "d"] {
      let item = delivery(id)
      stage.reserve(id)
      pending.rows.withLock { $0.append(item) }
      stage.offer(item)
    }
    // Capacity 2: a, b in memory; c, d only in the database.
    #expect(stage.bufferedCount == 2)
    for _ in 0..<4 {
      let next = try #require(await stage.next())
      handedOut.append(next.id)
      pending.done(next.id)
      stage.finished(next.id)
    }
    #expect(handedOut == ["a", "b", "c", "d"])
    stage.close()
    #expect(await stage.next() == nil)
  }

  @Test func aRefillSkipsDeliveriesInFlight() async throws {
    let pending = Pending()
    pending.rows.withLock { $0 = [delivery("x"), delivery("y")] }
    let stage = DeliveryStage(capacity: 10) { limit in pending.read(limit) }
    let first = try #require(await stage.next())  // refill reads x and y
    #expect(first.id == "x")
    let second = try #require(await stage.next())
    #expect(second.id == "y")
    // x is still running (not done in the database): a new refill must not hand it out again.
    stage.abandoned("nothing")  // marks a backlog, forcing a refill
    pending.rows.withLock { $0.append(delivery("z")) }
    let third = try #require(await stage.next())
    #expect(third.id == "z")
    stage.close()
  }

  /// A refill comes back short while the database's rows are locked elsewhere: the worker waits,
  /// and the heartbeat's count of held deliveries has it read them back.
  @Test(.timeLimit(.minutes(1))) func aHeartbeatReadsBackWhatARefillMissed() async throws {
    let pending = Pending()
    pending.rows.withLock { $0 = [delivery("x")] }
    let isLocked = Mutex(true)
    let reads = Mutex(0)
    let stage = DeliveryStage(capacity: 10) { limit in
      reads.withLock { $0 += 1 }
      return isLocked.withLock { $0 } ? [] : pending.read(limit)
    }
    let worker = Task { await stage.next() }
    while reads.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(1)) }
    isLocked.withLock { $0 = false }
    // As many held as the stage tracks (none): nothing to read back.
    stage.reconcile(held: 0)
    try await Task.sleep(for: .milliseconds(50))
    #expect(reads.withLock { $0 } == 1)
    stage.reconcile(held: 1)
    #expect(await worker.value?.id == "x")
    #expect(reads.withLock { $0 } == 2)
    // x in flight: one held is what the stage tracks.
    stage.reconcile(held: 1)
    try await Task.sleep(for: .milliseconds(50))
    #expect(reads.withLock { $0 } == 2)
    stage.close()
  }

  /// The heartbeat's count arrives while a refill is reading and finding nothing: the refilling
  /// worker reads again instead of waiting for an offer that may never come.
  @Test(.timeLimit(.minutes(1))) func aBacklogNotedDuringARefillIsReadAfterIt() async throws {
    let pending = Pending()
    pending.rows.withLock { $0 = [delivery("x")] }
    let reads = Mutex(0)
    let box = Mutex<DeliveryStage?>(nil)
    let stage = DeliveryStage(capacity: 10) { limit in
      let read = reads.withLock { value in
        value += 1
        return value
      }
      guard read == 1 else { return pending.read(limit) }
      box.withLock { $0 }?.reconcile(held: 1)
      return []
    }
    box.withLock { $0 = stage }
    #expect(await stage.next()?.id == "x")
    #expect(reads.withLock { $0 } == 2)
    stage.close()
  }

  /// Deliveries of a held hook (its scenario is deactivated) stay in the database: neither a
  /// buffered one nor a new one is handed out, and `resume` has a waiting worker read them back,
  /// oldest first, once the hook is no longer held.
  @Test func heldDeliveriesWaitUntilResumed() async throws {
    let pending = Pending()
    let held = Mutex<Set<String>>([])
    let stage = DeliveryStage(
      capacity: 10,
      refill: { limit in
        let holding = held.withLock { $0 }
        return pending.rows.withLock { Array($0.filter { !holding.contains($0.hook) }.prefix(limit)) }
      },
      isHeld: { hook in held.withLock { $0.contains(hook) } })
    let first = QueuedDelivery(id: "a1", hook: "a", dedupeKey: "a1", body: "{}", receivedAt: Date())
    stage.reserve(first.id)
    pending.rows.withLock { $0.append(first) }
    stage.offer(first)  // buffered before the hook is held
    held.withLock { $0 = ["a"] }
    for id in ["a2", "a3"] {
      let item = QueuedDelivery(id: id, hook: "a", dedupeKey: id, body: "{}", receivedAt: Date())
      stage.reserve(id)
      pending.rows.withLock { $0.append(item) }
      stage.offer(item)
    }
    let other = delivery("b1")
    stage.reserve(other.id)
    pending.rows.withLock { $0.append(other) }
    stage.offer(other)
    // Only the delivery of the hook that is not held comes out.
    let next = try #require(await stage.next())
    #expect(next.id == "b1")
    pending.done(next.id)
    stage.finished(next.id)
    #expect(stage.bufferedCount == 0)
    // A worker waits; releasing the hold and resuming wakes it with the held ones, in order.
    async let taken: [String] = {
      var ids: [String] = []
      for _ in 0..<3 {
        guard let delivery = await stage.next() else { break }
        ids.append(delivery.id)
        pending.done(delivery.id)
        stage.finished(delivery.id)
      }
      return ids
    }()
    held.withLock { $0 = [] }
    stage.resume()
    #expect(await taken == ["a1", "a2", "a3"])
    stage.close()
  }
}
