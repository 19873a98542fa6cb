import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hostPortsOfCommand, hostPortsOfCompose, hostPortsOfSpec } from './published-ports.ts';

describe('published host ports', () => {
  it('reads the host side of a -p spec, and nothing when Docker picks it', () => {
    expect(hostPortsOfSpec('8080:3000')).toEqual([8080]);
    expect(hostPortsOfSpec('127.0.0.1:5001:5000')).toEqual([5001]);
    expect(hostPortsOfSpec('8081:80/tcp')).toEqual([8081]);
    expect(hostPortsOfSpec('[::1]:8082:80')).toEqual([8082]);
    expect(hostPortsOfSpec('9000-9002:80-82')).toEqual([9000, 9001, 9002]);
    expect(hostPortsOfSpec('"8083:3000"')).toEqual([8083]);
    expect(hostPortsOfSpec('80')).toEqual([]);
    expect(hostPortsOfSpec('127.0.0.1::80')).toEqual([]);
    expect(hostPortsOfSpec('$PORT:80')).toEqual([]);
  });

  it('finds -p of docker run and create in every spelling, and no other command\'s -p', () => {
    expect(hostPortsOfCommand('docker run -d --name hello -p 8080:3000 hello-node:1.0')).toEqual([8080]);
    expect(hostPortsOfCommand('docker container run --detach --publish=8081:80/tcp nginx')).toEqual([8081]);
    expect(hostPortsOfCommand('docker container create --publish 8082:80 nginx')).toEqual([8082]);
    expect(hostPortsOfCommand('docker run -dp 8083:80 nginx && docker run -p8084:80 nginx')).toEqual([8083, 8084]);
    expect(hostPortsOfCommand('docker run -d \\\n  -p 127.0.0.1:5001:5000 registry:2.8.3')).toEqual([5001]);
    expect(hostPortsOfCommand('mkdir -p 8080:80; docker compose -p shop up -d; docker run -P nginx; docker ps -p 1:2')).toEqual([]);
  });

  it('reads Compose ports in short and long syntax', () => {
    const compose = parse(`
services:
  web:
    ports: ["8084:3000", "127.0.0.1:8085:3000/tcp", 3000, { target: 80, published: "8086" }, { target: 81 }]
  db:
    image: postgres
  cache:
`);
    expect(hostPortsOfCompose(compose)).toEqual([8084, 8085, 8086]);
    expect(hostPortsOfCompose({ kind: 'Service', spec: { ports: [{ port: 80 }] } })).toEqual([]);
    expect(hostPortsOfCompose(null)).toEqual([]);
  });
});
