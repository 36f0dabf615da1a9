# Shortcuts for the commands in README.md. `npm start` / `npm test` need no Docker; the docker-* targets do.
COMPOSE_DEV  := docker compose -f compose.dev.yml
COMPOSE_PROD := docker compose -f compose.prod.yml
SERVICES     := gateway auth content search-cache messaging analytics migrate
VERSION      ?= $(shell node -p "require('./package.json').version")
REGISTRY     ?= ghcr.io/tracera

.PHONY: help start stop test lint typecheck build bench \
	docker-dev docker-dev-down docker-secrets docker-build docker-prod docker-prod-down docker-ps docker-logs \
	docker-migrate backup restore

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

start: ## the whole system locally, no Docker (npm start)
	npm start
stop: ## stop the local system
	npm run stop
test: ## the full test suite
	npm test
lint: ## eslint + prettier
	npm run lint
typecheck: ## tsc --noEmit
	npm run typecheck
build: ## compile every service into dist/
	npm run build
bench: ## benchmarks against raw baselines
	npm run bench

docker-dev: ## development stack: source mounted, hot reload, Postgres/Redis on 127.0.0.1
	$(COMPOSE_DEV) up --build
docker-dev-down: ## stop the development stack (volumes kept)
	$(COMPOSE_DEV) down

docker-secrets: ## write .env with fresh random secrets (never overwrites a value already set)
	sh deploy/compose/generate-secrets.sh .env

docker-build: ## build every image as $(REGISTRY)/<service>:$(VERSION)
	@for s in $(SERVICES); do \
		docker build -f deploy/docker/Dockerfile --target service --build-arg SERVICE=$$s \
			-t $(REGISTRY)/$$s:$(VERSION) . || exit 1; \
	done
	docker build -f deploy/docker/web.Dockerfile -t $(REGISTRY)/web:$(VERSION) .
	docker build -f deploy/edge/Dockerfile -t $(REGISTRY)/edge:$(VERSION) .
	docker build -f deploy/backup/Dockerfile -t $(REGISTRY)/backup:$(VERSION) .

docker-prod: ## production stack, hardened (needs .env: make docker-secrets)
	$(COMPOSE_PROD) up -d --wait
docker-prod-down: ## stop the production stack (volumes kept)
	$(COMPOSE_PROD) down
docker-ps: ## containers and their health
	$(COMPOSE_PROD) ps
docker-logs: ## follow the production logs
	$(COMPOSE_PROD) logs -f --tail=100
docker-migrate: ## run pending migrations (the one-shot migrate service, under the advisory lock)
	$(COMPOSE_PROD) run --rm migrate

backup: ## one backup of Postgres, Redis and the files volume into the backups volume
	$(COMPOSE_PROD) --profile backup run --rm backup
restore: ## restore BACKUP=<folder name> into an empty stack (read README "Backup and restore" first)
	@test -n "$(BACKUP)" || { echo 'usage: make restore BACKUP=<folder in the backups volume>'; exit 2; }
	$(COMPOSE_PROD) --profile backup run --rm restore --only postgres /backups/$(BACKUP)
	$(COMPOSE_PROD) --profile backup run --rm --user 999:1000 restore --only redis /backups/$(BACKUP)
	$(COMPOSE_PROD) --profile backup run --rm restore --only files /backups/$(BACKUP)
