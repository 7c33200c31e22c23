import Basics
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection that misses a deadline of ``ConnectionDeadlines``: one instance per
/// connection, in the pipeline after the HTTP decoder (Hummingbird's `additionalChannelHandlers`).
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart

  private var deadlines: ConnectionDeadlines
  private var timer: Scheduled<Void>?

  init(limits: ConnectionDeadlines.Limits) {
    deadlines = ConnectionDeadlines(limits: limits)
  }

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { reschedule(context) }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    timer?.cancel()
    timer = nil
  }

  func channelActive(context: ChannelHandlerContext) {
    reschedule(context)
    context.fireChannelActive()
  }

  func channelInactive(context: ChannelHandlerContext) {
    timer?.cancel()
    timer = nil
    context.fireChannelInactive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head:
      deadlines.headRead()
      reschedule(context)
    case .body:
      break
    case .end:
      deadlines.bodyEnded()
      reschedule(context)
    }
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    if case .end = unwrapOutboundIn(data) {
      deadlines.responseEnded()
      reschedule(context)
    }
    context.write(data, promise: promise)
  }

  private func reschedule(_ context: ChannelHandlerContext) {
    timer?.cancel()
    timer = nil
    guard let timeout = deadlines.timeout else { return }
    let phase = deadlines.phase
    let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
    timer = context.eventLoop.scheduleTask(in: .nanoseconds(timeout.wholeNanoseconds)) {
      let (handler, context) = loopBound.value
      // A timer that fired as it was being replaced finds another phase.
      guard handler.deadlines.phase == phase else { return }
      context.close(promise: nil)
    }
  }
}
