import { Kafka } from 'kafkajs';

// Switch this to true: each customer's events then share a key, so a partition, so a worker.
const useKeys = false;

const kafka = new Kafka({ clientId: 'producer', brokers: ['localhost:9092'] });
const producer = kafka.producer();
await producer.connect();

// Each customer's events carry a sequence number the producer assigns: 1 to 6.
const customers = ['c-ada', 'c-grace'];
const messages = [1, 2, 3, 4, 5, 6].flatMap((seq) =>
  customers.map((customerId) => ({
    key: useKeys ? customerId : null,
    value: JSON.stringify({ customerId, seq, address: `street ${seq}` }),
  })),
);
const results = await producer.send({ topic: 'address-changes', messages });
console.log(
  `sent ${messages.length} events ${useKeys ? 'keyed by customer' : 'without keys'} to partitions ${results.map((r) => r.partition).join(', ')}`,
);
await producer.disconnect();
