import { z } from "zod";
import { DEAD_LETTER_TOPICS, deadLetterTopic, eventSchemas, EVENTS_BY_TOPIC, TOPICS, type EventType, type Topic } from "./events.ts";

// The events as an AsyncAPI 3 document, made from the same zod schemas as the JSON Schemas in
// schemas/ (and written beside them, asyncapi.json), for services in other languages and their
// tools. A message is what a subscriber receives from Dapr: a CloudEvent (structured mode) whose
// `type` names the event and whose `data` is its payload.
export function asyncApiDocument() {
  const types = Object.keys(eventSchemas) as EventType[];
  const ref = (path: string) => ({ $ref: `#/${path}` });
  const messagesOf = (topic: Topic) => Object.fromEntries(EVENTS_BY_TOPIC[topic].map((type) => [type, ref(`components/messages/${type}`)]));
  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  for (const topic of Object.values(TOPICS)) {
    channels[topic] = { address: topic, title: topic, description: `Order events published on the "${topic}" topic.`, messages: messagesOf(topic) };
    const messages = EVENTS_BY_TOPIC[topic].map((type) => ref(`channels/${topic}/messages/${type}`));
    operations[`publish-${topic}`] = { action: "send", channel: ref(`channels/${topic}`), summary: `Its one publisher writes what it announces, then publishes on "${topic}".`, messages };
    operations[`consume-${topic}`] = { action: "receive", channel: ref(`channels/${topic}`), summary: `Subscribers dedupe by event type and order id (an event may arrive twice).`, messages };
  }
  for (const topic of Object.values(TOPICS)) {
    const dead = deadLetterTopic(topic);
    channels[dead] = {
      address: dead,
      title: dead,
      description: `Messages of "${topic}" that a subscriber gave up on, as they were.`,
      messages: messagesOf(topic),
    };
    const messages = EVENTS_BY_TOPIC[topic].map((type) => ref(`channels/${dead}/messages/${type}`));
    operations[`consume-${dead}`] = { action: "receive", channel: ref(`channels/${dead}`), summary: "The ops console records dead letters.", messages };
  }
  return {
    asyncapi: "3.0.0",
    info: {
      title: "Quire events",
      version: "1",
      description: `Order events between Quire's services, through Dapr pub/sub (component "pubsub"). Topics: ${Object.values(TOPICS).join(", ")}; dead letters: ${DEAD_LETTER_TOPICS.join(", ")}.`,
    },
    defaultContentType: "application/cloudevents+json",
    channels,
    operations,
    components: {
      messages: Object.fromEntries(types.map((type) => [type, { name: type, title: type, payload: cloudEvent(type) }])),
      schemas: Object.fromEntries(types.map((type) => [type, dataSchema(type)])),
    },
  };
}

function cloudEvent(type: EventType) {
  return {
    type: "object",
    required: ["id", "source", "specversion", "type", "data"],
    properties: {
      id: { type: "string", description: "The CloudEvent id; deduplicate by type and orderId instead, an event may be announced again under another id" },
      source: { type: "string", description: "The publishing app's id" },
      specversion: { type: "string", const: "1.0" },
      type: { type: "string", const: type },
      datacontenttype: { type: "string", const: "application/json" },
      data: { $ref: `#/components/schemas/${type}` },
    },
  };
}

// AsyncAPI's default schema format is JSON Schema draft-07 (a superset of it): made for that.
function dataSchema(type: EventType) {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(eventSchemas[type], { target: "draft-7" }) as Record<string, unknown>;
  return schema;
}
