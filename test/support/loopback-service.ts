// A ClusterIP Service on a loopback address, with a hand-written EndpointSlice whose one
// address is ready: kube-apiserver runs with --enable-aggregator-routing=false, so it dials the
// ClusterIP (where the test listens), and the EndpointSlice is only read by availability checks
// and doctor, never dialed. EndpointSlice validation rejects loopback, so the address is
// TEST-NET-1 (192.0.2.10). The managed-by label names the test, so an EndpointSlice controller
// would leave it alone. Used by doctor's variants (api-tls) and the pipeline's webhooks (hooks).
export function loopbackService(service: { name: string; namespace: string; clusterIp: string; port: number }): string[] {
  const { name, namespace, clusterIp, port } = service;
  return [
    `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  type: ClusterIP
  clusterIP: ${clusterIp}
  ports:
  - name: https
    port: ${port}
    targetPort: ${port}
`,
    `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${name}-1
  namespace: ${namespace}
  labels:
    kubernetes.io/service-name: ${name}
    endpointslice.kubernetes.io/managed-by: kapi-e2e
addressType: IPv4
endpoints:
- addresses: ["192.0.2.10"]
  conditions:
    ready: true
ports:
- name: https
  port: ${port}
  protocol: TCP
`,
  ];
}
