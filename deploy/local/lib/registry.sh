# Pushing the local images to the local registry. Source after common.sh.

# registry_has REPO TAG: the registry answers for REPO:TAG.
registry_has() {
  curl -fsS -o /dev/null --max-time 5 -I \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' \
    "http://$REGISTRY/v2/$1/manifests/$2"
}

# push_to_registry localhost/shipshape/NAME:TAG: pushes the image from engine 1 as
# $REGISTRY/shipshape/NAME:TAG, unless that exact image was pushed there before.
push_to_registry() {
  local ref="$1" path="${1#localhost/}" id marker
  local repo="${path%:*}" tag="${path##*:}"
  id="$(engine_cli 1 image inspect --format '{{.Id}}' "$ref")"
  marker="$DATA/registry/pushed/${path//[\/:]/_}"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$id" ] && registry_has "$repo" "$tag"; then return 0; fi
  log "pushing $ref to $REGISTRY/$path"
  if [ "$(engine_kind 1)" = podman ]; then
    podman_k 1 push -q --tls-verify=false "$ref" "docker://$REGISTRY/$path" >>"$LOGS/images.log" 2>&1
  else
    docker_k 1 tag "$ref" "$REGISTRY/$path" && docker_k 1 push -q "$REGISTRY/$path" >>"$LOGS/images.log" 2>&1 \
      && docker_k 1 rmi "$REGISTRY/$path" >/dev/null
  fi || die "pushing $ref to $REGISTRY failed; see $LOGS/images.log"
  mkdir -p "$(dirname "$marker")"
  echo "$id" >"$marker"
}

# push_built_images: every image deploy/local/images built (they carry a recipe label) goes to the
# registry under the same name and semantic-version tag, for pulls by digest.
push_built_images() {
  local ref
  for ref in $(engine_cli 1 images --filter label=dev.shipshape.recipe --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/shipshape/' | grep -v -- '-base:' | sort -u); do
    push_to_registry "$ref"
  done
}
