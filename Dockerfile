# cilium-report as a container: docker build -t cilium-report . && docker run --rm -v "$PWD:/work" cilium-report /work/sysdump.zip
# The bundle and the reports go through the mounted folder (/work is the working directory, so the default output
# ./cilium-report-<bundle>/ lands beside the bundle). Runs as the unprivileged `node` user; add
# --user "$(id -u):$(id -g)" when the mounted folder is not writable by uid 1000.
FROM node:20-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: the TypeScript build (prepare) is not needed for the single-file build.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY templates ./templates
COPY scripts/cli.ts scripts/build-single.mjs ./scripts/
RUN node scripts/build-single.mjs --out /out/cilium-report.mjs

FROM node:20-alpine
COPY --from=build /out/cilium-report.mjs /opt/cilium-report/cilium-report.mjs
COPY LICENSE /opt/cilium-report/LICENSE
RUN mkdir -p /work && chown node:node /work
USER node
WORKDIR /work
ENTRYPOINT ["node", "/opt/cilium-report/cilium-report.mjs"]
CMD ["--help"]
