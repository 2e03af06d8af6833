import { trace } from '@opentelemetry/api';

/** One daemon event, as `docker events` would show it. */
export interface Event {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
}

/**
 * The daemon's event log, reduced to a list that keeps every event.
 * Each event is also added to the active span, where a learner sees it.
 */
export class EventsService {
  readonly events: Event[] = [];

  /** Records an event. */
  Log(action: string, eventType: string, actor: Event['Actor']): void {
    const event = { Type: eventType, Action: action, Actor: actor };
    this.events.push(event);

    trace.getActiveSpan()?.addEvent('docker.event', {
      'docker.event.type': eventType,
      'docker.event.action': action,
      'docker.event.actor.id': actor.ID,
      'docker.event.actor.name': actor.Attributes.name ?? '',
    });
  }
}

/**
 * Records a plugin event whose only attribute is the plugin's name.
 *
 * @go daemon/events.go:59-61
 */
export function logPluginEvent(service: EventsService, pluginID: string, refName: string, action: string): void {
  service.Log(action, 'plugin', { ID: pluginID, Attributes: { name: refName } });
}
