// What a producer process is asked to do (shared by the producer script and the tests).

/** Scenario of one producer process. */
export interface ProducerScenario {
  serviceName?: string;
  signingKeyFile: string;
  hmacKeyFile: string;
  archiveDir: string;
  exporter?: { kind: 'file'; path: string } | { kind: 'otlp'; protocol: 'http/json'; url: string };
  delivery?: Record<string, number | string | false>;
  attributes?: Record<string, string | number>;
  /** Records per burst (default 1000); bursts run one per event-loop turn unless `pauseMs` is set. */
  burstSize?: number;
  /** Number of bursts; unlimited when absent (until a signal or kill). */
  bursts?: number;
  pauseMs?: number;
  /** Approximate body size in bytes. */
  bodyBytes?: number;
  /** File where the number of emitted records is written after every burst. */
  countFile?: string;
  /** Install the app's own SIGTERM handler that keeps logging for this many ms, then calls process.exit(0). */
  drainOnSigterm?: number;
  /** Every record also carries values JSON and protobuf encoders write differently, and a getter that throws. */
  hostile?: boolean;
  /** Where the chain runs (`startSecureLogging`'s `pipeline` option); inline when absent. */
  pipeline?: 'inline' | 'worker';
  /** After the last burst: `shutdown()`, `process.exit()`, or let the program end (default). */
  end?: 'shutdown' | 'exit' | 'end';
}
