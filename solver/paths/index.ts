export { enumeratePaths, type EnumeratePathsParameters, type Path } from './enumeratePaths.ts'
