// useUrlState binds a page's state to its URL: state is read from the route's query, and
// update() writes a new query (push for a person's choice, replace for filled-in defaults).
import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { queryFromState, sameQuery, stateFromQuery } from './urlstate.js'

export function useUrlState(schema) {
  const route = useRoute()
  const router = useRouter()
  const state = computed(() => stateFromQuery(route.query, schema))
  function update(patch, { replace = false } = {}) {
    const next = queryFromState({ ...state.value, ...patch }, schema, route.query)
    if (sameQuery(next, route.query)) return Promise.resolve()
    return replace ? router.replace({ query: next }) : router.push({ query: next })
  }
  return { state, update }
}
